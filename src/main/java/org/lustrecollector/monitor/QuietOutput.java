package org.lustrecollector.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * --quiet: no trap on the terminal (they go to Alertmanager only); what the monitor says about its
 * collectors (gone, back, drops) still goes to {@code log}, standard error, so a service's journal shows it.
 */
final class QuietOutput implements MonitorOutput {
    private final MonitorOutput log;

    QuietOutput(MonitorOutput log) {
        this.log = log;
    }

    @Override
    public void trap(MonitoredTrap trap) {
    }

    @Override
    public void down(Collector collector, Instant since, String reason, Duration retry) {
        log.down(collector, since, reason, retry);
        log.flush();
    }

    @Override
    public void back(Collector collector, Instant downSince, Instant now) {
        log.back(collector, downSince, now);
        log.flush();
    }

    @Override
    public void dropped(Collector collector, DropCounts drops, boolean sinceStart, Instant now) {
        log.dropped(collector, drops, sinceStart, now);
        log.flush();
    }
}
