package org.lustrecollector.demo;

import java.io.IOException;
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
 * seconds, and a router-failure storm of a few thousand traps every minute: the OSTs behind the router
 * lose their connection, and 20 seconds later it is back and they reconnect. When {@code lustreroot} is
 * not "/", it also writes a Lustre tree there ({@link DemoLustreTree}) in which the same OSTs go down and
 * come back, so the traps and the collector's Lustre state tell the same story; outside a router failure
 * it changes an OST's state every 20 seconds. It plays the
 * producer, not the collector, so it has a thread of its own; the collector still reads with one.
 */
@ApplicationScoped
public class DemoProducer {
    private static final Logger LOG = Logger.getLogger(DemoProducer.class.getName());
    public static final String THREAD_NAME = "lustre-collector-demo";

    private final CollectorConfig config;
    private final InstantSource clock;
    private ScheduledExecutorService executor;
    private DemoTrapWriter writer;
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
        writer = new DemoTrapWriter(config.trapFile(), clock, random);
        if (config.lustreRoot().getParent() != null) {
            try {
                tree = DemoLustreTree.create(config.lustreRoot(), random);
                LOG.info(() -> "Demo mode: Lustre tree in " + config.lustreRoot());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Demo: no Lustre tree: " + e.getMessage());
            }
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, 2, TimeUnit.SECONDS);
        LOG.info(() -> "Demo mode: writing demo traps into " + config.trapFile());
    }

    private void tick() {
        try {
            ticks++;
            if (ticks % 30 == 10) {
                int traps = 2_000 + random.nextInt(8_000);
                routerDown = writer.writeRouterStorm(traps);
                DemoTrapWriter.RouterFailure failure = routerDown;
                if (tree != null) {
                    tree.condition(failure.osts(), NodeCondition.DISCONNECTED);
                }
                LOG.info(() -> "Demo: router " + failure.router() + " of " + failure.fs() + " failed, "
                        + failure.osts() + " lost their connection; " + traps + " traps");
            } else if (routerDown != null && ticks % 30 == 10 + ROUTER_DOWN_TICKS) {
                if (tree != null) {
                    tree.condition(routerDown.osts(), NodeCondition.FULL);
                }
                writer.writeRouterBack(routerDown);
                routerDown = null;
            } else {
                writer.writeTrickle(1 + random.nextInt(4));
            }
            if (tree != null && routerDown == null && ticks % 10 == 5) {
                tree.flip();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Demo: cannot write " + config.trapFile() + ": " + e);
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
