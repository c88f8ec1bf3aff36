package org.lustrecollector.collector;

import java.time.InstantSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.lustre.LustreSettings;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.outage.OutageDetector;
import org.lustrecollector.outage.OutageSettings;
import org.lustrecollector.outage.OutageTraps;
import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.source.LocalHost;
import org.lustrecollector.source.TrapIds;
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

    /**
     * The losses and restorations its reads discover go to the outage detector, as the kernel log's do; to
     * nobody when {@code outagewindow} 0 turns grouping off.
     */
    @Produces
    @Singleton
    public LustreState lustreState(CollectorConfig config, OutageDetector outages, InstantSource clock) {
        ConnectionSignals connections = config.outageWindow().isZero() ? ConnectionSignals.NONE : outages;
        return LustreState.of(new LustreSettings(config.lustreRoot(), config.spaceWarnPercent(),
                config.inodeWarnPercent()), clock, connections);
    }

    /**
     * Groups the connection losses of the kernel log's console lines and of the Lustre state's reads into server
     * and network outages; its summaries go to the store.
     */
    @Produces
    @Singleton
    public OutageDetector outageDetector(CollectorConfig config, TrapStore store, InstantSource clock) {
        OutageSettings settings = OutageSettings.of(config.outageWindow(), config.outageTargets(),
                config.outageServers(), config.outageFatal());
        return new OutageDetector(settings, store, new OutageTraps(TrapIds.newRun(LocalHost.name())), clock);
    }

    /** The detector's counts for getStatus and /metrics. */
    @Produces
    @Singleton
    public OutageTally outageTally(OutageDetector outages) {
        return new OutageTally(outages);
    }

    @Produces
    @Singleton
    public Sources sources(CollectorConfig config, TrapStore store, LustreState lustre, OutageDetector outages,
                           InstantSource clock) {
        return Sources.configured(config, store, lustre, outages, clock);
    }
}
