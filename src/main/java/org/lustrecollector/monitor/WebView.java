package org.lustrecollector.monitor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.lustrecollector.monitor.web.DashboardServer;
import org.lustrecollector.monitor.web.StateClient;
import org.lustrecollector.monitor.web.WebAddress;
import picocli.CommandLine;

/** --web: the web view next to the other outputs, or nothing when the option is not given. */
final class WebView implements AutoCloseable {
    private final DashboardServer server;

    private WebView(DashboardServer server) {
        this.server = server;
    }

    static WebView start(Optional<String> web, List<Collector> collectors, Function<Collector, Optional<BasicAuth>> auth,
            int interval, int timeout, boolean once, CommandLine.Model.CommandSpec spec) {
        if (web.isEmpty()) {
            return new WebView(null);
        }
        if (once) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--web runs until stopped: not with --once");
        }
        WebAddress address;
        try {
            address = WebAddress.parse(web.get());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<StateClient> clients = new ArrayList<>();
        for (Collector c : collectors) {
            clients.add(new StateClient(c.url(), auth.apply(c).map(a -> new StateClient.Credentials(a.user(),
                    a.password())), Duration.ofSeconds(timeout)));
        }
        DashboardServer server;
        try {
            server = DashboardServer.start(address, clients, Duration.ofSeconds(interval), Clock.systemDefaultZone());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        spec.commandLine().getErr().println("lustre-monitor: web view at http://" + host + ":" + server.port() + "/");
        spec.commandLine().getErr().flush();
        return new WebView(server);
    }

    /** The outputs to use: {@code output} alone, or with the web view. */
    MonitorOutput with(MonitorOutput output) {
        return server == null ? output : new TeeOutput(List.of(output, new DashboardOutput(server.dashboard())));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
