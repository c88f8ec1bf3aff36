package org.lustrecollector.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.demo.lustretree.NodeCondition;

/**
 * Stands in for a Lustre kernel in demo mode: writes a few traps into the trap file every couple of
 * seconds, and a router-failure storm every minute: the OSTs behind the router (the servers of one LNet
 * network, {@link DemoFabric}) lose their connection, and 20 seconds later it is back and they reconnect.
 * When {@code lustreroot} is not "/", it also writes a Lustre tree there ({@link DemoLustreTree}) in which the
 * same OSTs go down and come back, so the traps and the collector's Lustre state tell the same story; outside
 * a router failure it changes an OST's state every 20 seconds.
 *
 * <p>When {@code kernellog} names a file in the trap file's folder (as {@code --demo} sets it up), the router
 * failure's connection losses and restorations are console lines in that kernel log only
 * ({@link DemoConsoleWriter}), as a real MDS prints them, so the collector's outage detector makes one
 * network outage of them; the trap file then carries only the clients' side of the storm (thousands of
 * operations that time out), so the trap list shows each loss once, from the kernel log (and, as for any
 * loss, the Lustre state's own trap about the OST). Without such a kernel log (a kernel log elsewhere is
 * never written to), the trap file tells the losses as well. It plays the producer, not the collector, so it
 * has a thread of its own; the collector still reads with one.
 */
@ApplicationScoped
public class DemoProducer {
    private static final Logger LOG = Logger.getLogger(DemoProducer.class.getName());
    public static final String THREAD_NAME = "lustre-collector-demo";

    private final CollectorConfig config;
    private final InstantSource clock;
    private ScheduledExecutorService executor;
    private DemoTrapWriter writer;
    /** Null when the router failure's connection lines go into the trap file. */
    private DemoConsoleWriter console;
    private DemoLustreTree tree;
    private int ticks;
    /** The router that is down, until it is back ROUTER_DOWN_TICKS ticks later. */
    private DemoTrapWriter.RouterFailure routerDown;
    private static final int ROUTER_DOWN_TICKS = 10;
    private final Random random = new Random();

    /** For CDI's client proxy only. */
    protected DemoProducer() {
        this.config = null;
        this.clock = null;
    }

    @Inject
    public DemoProducer(CollectorConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        prepare();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, 2, TimeUnit.SECONDS);
        LOG.info(() -> "Demo mode: writing demo traps into " + config.trapFile()
                + (console == null ? "" : ", the router failures' console lines into " + config.kernelLog().orElseThrow()));
    }

    /** Sets up the writers and the tree; {@link #start()} then ticks them. */
    synchronized void prepare() {
        writer = new DemoTrapWriter(config.trapFile(), clock, random);
        console = config.kernelLog().filter(this::besideTrapFile)
                .map(log -> new DemoConsoleWriter(log, clock, hostName(), random)).orElse(null);
        if (config.lustreRoot().getParent() != null) {
            try {
                tree = DemoLustreTree.create(config.lustreRoot(), random);
                LOG.info(() -> "Demo mode: Lustre tree in " + config.lustreRoot());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Demo: no Lustre tree: " + e.getMessage());
            }
        }
    }

    /** This machine's name, as syslog writes it in each line: the demo plays this host's MDS. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The demo writes console lines only into a kernel log of its own: one in its trap file's folder. */
    private boolean besideTrapFile(Path kernelLog) {
        Path folder = config.trapFile().toAbsolutePath().getParent();
        return folder != null && folder.equals(kernelLog.toAbsolutePath().getParent());
    }

    /**
     * A router fails: the tree shows the OSTs behind it DISCONNECTED, then the kernel log (or the trap file)
     * tells the losses, and the trap file the clients' side, {@code traps} traps in all.
     */
    synchronized DemoTrapWriter.RouterFailure routerFails(int traps) throws IOException {
        DemoTrapWriter.RouterFailure failure = writer.failRouter();
        if (tree != null) {
            tree.recover();
            tree.condition(failure.osts(), NodeCondition.DISCONNECTED);
        }
        if (console == null) {
            writer.writeRouterStorm(failure, traps);
        } else {
            console.writeRouterFailure(failure, traps / 10);
            writer.writeClientFailures(failure, traps);
        }
        routerDown = failure;
        LOG.info(() -> "Demo: router " + failure.router() + " of " + failure.fs() + " (LNet " + failure.network()
                + ") failed, " + failure.osts() + " lost their connection; " + traps + " traps");
        return failure;
    }

    /** The router that failed is back: the tree shows its OSTs FULL, and they reconnect. */
    synchronized void routerBack() throws IOException {
        if (routerDown == null) {
            return;
        }
        if (tree != null) {
            tree.condition(routerDown.osts(), NodeCondition.FULL);
        }
        if (console == null) {
            writer.writeRouterBack(routerDown);
        } else {
            console.writeRouterBack(routerDown);
        }
        routerDown = null;
    }

    private void tick() {
        try {
            ticks++;
            if (ticks % 30 == 10) {
                routerFails(2_000 + random.nextInt(8_000));
            } else if (routerDown != null && ticks % 30 == 10 + ROUTER_DOWN_TICKS) {
                routerBack();
            } else {
                writer.writeTrickle(1 + random.nextInt(4));
            }
            if (tree != null && routerDown == null && ticks % 10 == 5) {
                tree.flip();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Demo: cannot write: " + e);
        }
    }

    @PreDestroy
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
