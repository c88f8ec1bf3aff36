package org.lustrecollector.collector;

import java.time.InstantSource;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.outage.OutageDetector;
import org.lustrecollector.trap.TrapStore;

/**
 * A collector wired as CDI wires it, with its store, Lustre state and outage detector at hand for the test and
 * on the test's clock.
 */
public record TestCollector(TrapCollector loop, TrapStore store, LustreState lustre, OutageDetector outages) {

    public static TestCollector of(CollectorConfig config, InstantSource clock) {
        CollectorWiring wiring = new CollectorWiring();
        TrapStore store = new TrapStore(config.maxTraps(), config.retention(), clock);
        OutageDetector outages = wiring.outageDetector(config, store, clock);
        LustreState lustre = wiring.lustreState(config, outages, clock);
        Sources sources = wiring.sources(config, store, lustre, outages, clock);
        return new TestCollector(new TrapCollector(config, store, sources, clock), store, lustre, outages);
    }

    public TestCollector start() {
        loop.start();
        return this;
    }

    public void stop() {
        loop.stop();
    }

    public CollectorStatus status() {
        return loop.status();
    }
}
