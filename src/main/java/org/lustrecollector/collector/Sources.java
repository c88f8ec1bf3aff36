package org.lustrecollector.collector;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.kernellog.KernelLogSource;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.LustreStateSource;
import org.lustrecollector.outage.OutageDetector;
import org.lustrecollector.outage.OutageSource;
import org.lustrecollector.source.Source;
import org.lustrecollector.trap.TrapSink;
import org.lustrecollector.trapfile.TrapFileSource;

/**
 * The configured sources, in the order the collector reads them. This is the one place that knows which
 * sources exist: a new source is one line here.
 */
public record Sources(List<Source> all) {
    public Sources {
        all = List.copyOf(all);
    }

    public static Sources configured(CollectorConfig config, TrapSink sink, LustreState lustre, OutageDetector outages,
                                     InstantSource clock) {
        List<Source> all = new ArrayList<>();
        all.add(new TrapFileSource(config.trapFile(), config.trapFileMode(), sink, clock));
        // The kernel log's connection losses mark the Lustre state's targets at once and feed the outage
        // detector (ConnectionSignals, with the NID of each line); outagewindow 0 leaves the detector out.
        boolean grouping = !config.outageWindow().isZero();
        ConnectionFanOut signals = new ConnectionFanOut(grouping ? List.of(lustre, outages) : List.of(lustre));
        config.kernelLog().ifPresent(path -> all.add(KernelLogSource.open(path, sink, signals, clock)));
        if (grouping) {
            // The Lustre state's reads feed the detector too (CollectorWiring): it settles with or without kernellog.
            all.add(new OutageSource(outages, clock));
        }
        all.add(new LustreStateSource(lustre, config.lustreRoot(), sink, clock));
        return new Sources(all);
    }
}
