package org.lustrecollector.collector;

import java.time.InstantSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.lustre.LustreSettings;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.trap.TrapStore;

/**
 * Makes the store, the Lustre state and the configured sources injectable, built from the configuration.
 * Singletons without client proxies: each is made once, when first injected.
 */
@ApplicationScoped
public class CollectorWiring {

    /** Collector time: the wall clock read once at start, then advanced by the monotonic clock. */
    @Produces
    @Singleton
    public TrapStore store(CollectorConfig config, InstantSource clock) {
        return new TrapStore(config.maxTraps(), config.retention(), clock, System::nanoTime);
    }

    @Produces
    @Singleton
    public LustreState lustreState(CollectorConfig config, InstantSource clock) {
        return LustreState.of(new LustreSettings(config.lustreRoot(), config.spaceWarnPercent(),
                config.inodeWarnPercent()), clock);
    }

    @Produces
    @Singleton
    public Sources sources(CollectorConfig config, TrapStore store, LustreState lustre, InstantSource clock) {
        return Sources.configured(config, store, lustre, clock);
    }
}
