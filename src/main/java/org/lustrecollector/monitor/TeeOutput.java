package org.lustrecollector.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.lustrecollector.monitor.outage.Outage;

/**
 * Several outputs at once (--web with the terminal's or --json's lines). Broken only when all are: the
 * web view keeps running when standard output is gone.
 */
final class TeeOutput implements MonitorOutput {
    private final List<MonitorOutput> outputs;

    TeeOutput(List<MonitorOutput> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public void trap(MonitoredTrap trap) {
        outputs.forEach(o -> o.trap(trap));
    }

    @Override
    public void down(Collector collector, Instant since, String reason, Duration retry) {
        outputs.forEach(o -> o.down(collector, since, reason, retry));
    }

    @Override
    public void back(Collector collector, Instant downSince, Instant now) {
        outputs.forEach(o -> o.back(collector, downSince, now));
    }

    @Override
    public void dropped(Collector collector, DropCounts drops, boolean sinceStart, Instant now) {
        outputs.forEach(o -> o.dropped(collector, drops, sinceStart, now));
    }

    @Override
    public void fileSystem(Collector collector, String fs, Map<String, Object> info) {
        outputs.forEach(o -> o.fileSystem(collector, fs, info));
    }

    @Override
    public void noFileSystems(Collector collector, String reason) {
        outputs.forEach(o -> o.noFileSystems(collector, reason));
    }

    @Override
    public void outages(List<Outage> outages, Instant now) {
        outputs.forEach(o -> o.outages(outages, now));
    }

    @Override
    public void noOutages(Collector collector, String reason) {
        outputs.forEach(o -> o.noOutages(collector, reason));
    }

    @Override
    public void flush() {
        outputs.forEach(MonitorOutput::flush);
    }

    @Override
    public boolean broken() {
        return outputs.stream().allMatch(MonitorOutput::broken);
    }
}
