package org.lustrecollector.monitor.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The web view: an embedded Tomcat on one address serving the page ({@link AssetServlet}), the JSON
 * endpoints ({@link ApiServlet}) and the live feed ({@link EventsServlet}), every answer through
 * {@link SecurityHeaders}; and the state poller that keeps the filesystems and the outages current. Tomcat's
 * work folder is a temporary folder removed on close.
 */
public final class DashboardServer implements AutoCloseable {
    /** Traps the page can scroll back through. */
    public static final int TRAPS_HELD = 10_000;

    private final Dashboard dashboard;
    private final EventStream events;
    private final StatePoller poller;
    private final Tomcat tomcat;
    private final Path workDir;
    private final Connector connector;

    /**
     * Starts serving.
     *
     * @param clients  one per collector, in command-line order
     * @param interval how often the collectors' Lustre state is asked for
     */
    public static DashboardServer start(WebAddress address, List<StateClient> clients, Duration interval, Clock clock)
            throws IOException {
        List<String> urls = clients.stream().map(StateClient::url).toList();
        CollectorBoard board = new CollectorBoard(urls, clock.millis() / 1000);
        Dashboard dashboard = new Dashboard(new TrapLog(TRAPS_HELD, clock), board, new LustreView(urls, board),
                new OutageView(), clock);
        return new DashboardServer(address, dashboard, clients, interval);
    }

    DashboardServer(WebAddress address, Dashboard dashboard, List<StateClient> clients, Duration interval)
            throws IOException {
        this.dashboard = dashboard;
        this.events = new EventStream(dashboard);
        Map<String, StateClient> byUrl = new LinkedHashMap<>();
        clients.forEach(c -> byUrl.put(c.url(), c));
        quietTomcatLogs();
        this.workDir = Files.createTempDirectory("lustre-monitor-web");
        this.tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        this.connector = new Connector();
        connector.setPort(address.port());
        connector.setProperty("address", address.host());
        connector.setProperty("compression", "on");
        connector.setProperty("compressibleMimeType", "text/html,text/css,text/javascript,application/json");
        connector.setProperty("maxThreads", "32");
        connector.setProperty("server", "lustre-monitor");
        connector.setXpoweredBy(false);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", workDir.toString());
        if (ctx instanceof StandardContext standard) {
            // one application for the life of the JVM: nothing to clean after it, and no --add-opens warnings
            standard.setClearReferencesObjectStreamClassCaches(false);
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
        FilterDef headers = new FilterDef();
        headers.setFilterName("securityHeaders");
        headers.setFilter(new SecurityHeaders());
        headers.setAsyncSupported("true");
        ctx.addFilterDef(headers);
        FilterMap all = new FilterMap();
        all.setFilterName("securityHeaders");
        all.addURLPattern("/*");
        ctx.addFilterMap(all);
        Tomcat.addServlet(ctx, "assets", new AssetServlet());
        ctx.addServletMappingDecoded("/", "assets");
        Tomcat.addServlet(ctx, "api", new ApiServlet(dashboard, byUrl));
        ctx.addServletMappingDecoded("/api/*", "api");
        Tomcat.addServlet(ctx, "events", new EventsServlet(events, dashboard.traps())).setAsyncSupported(true);
        ctx.addServletMappingDecoded("/api/events", "events");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            close();
            throw new IOException("the web view cannot start: " + e.getMessage(), e);
        }
        if (connector.getLocalPort() <= 0) {
            close();
            throw new IOException("the web view cannot listen on " + address.host() + ":" + address.port()
                    + " (in use, or not an address of this machine)");
        }
        this.poller = new StatePoller(clients, dashboard.lustre(), dashboard.outages(), interval);
    }

    /** Tomcat's start-up lines would fill the monitor's standard error; its warnings still show. */
    private static void quietTomcatLogs() {
        for (String name : List.of("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat")) {
            Logger.getLogger(name).setLevel(Level.WARNING);
        }
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** The live feed, for its client count. */
    public EventStream events() {
        return events;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        events.close();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            Logger.getLogger(DashboardServer.class.getName()).log(Level.WARNING, "stopping the web view", e);
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
