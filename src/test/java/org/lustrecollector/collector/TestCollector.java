package org.lustrecollector.collector;

import java.time.InstantSource;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.trap.TrapStore;

/** A collector wired as CDI wires it, with its store at hand for the test and on the test's clock. */
public record TestCollector(TrapCollector loop, TrapStore store) {

    public static TestCollector of(CollectorConfig config, InstantSource clock) {
        CollectorWiring wiring = new CollectorWiring();
        TrapStore store = new TrapStore(config.maxTraps(), config.retention(), clock);
        Sources sources = wiring.sources(config, store, wiring.lustreState(config, clock),
                wiring.outageDetector(config, store, clock), clock);
        return new TestCollector(new TrapCollector(config, store, sources, clock), store);
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
