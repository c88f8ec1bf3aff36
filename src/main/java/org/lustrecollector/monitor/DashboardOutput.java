package org.lustrecollector.monitor;

import java.time.Duration;
import java.time.Instant;

import org.lustrecollector.monitor.web.Dashboard;

/** --web: what the watch sees goes to the web view too (traps after the pair's duplicates are gone). */
final class DashboardOutput implements MonitorOutput {
    private final Dashboard dashboard;

    DashboardOutput(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @Override
    public void trap(MonitoredTrap t) {
        dashboard.trap(t.id(), t.time(), t.category().code(), t.fs(), t.node(), t.message(), t.collector());
    }

    @Override
    public void down(Collector collector, Instant since, String reason, Duration retry) {
        dashboard.down(collector.name(), since.getEpochSecond(), reason);
    }

    @Override
    public void back(Collector collector, Instant downSince, Instant now) {
        dashboard.up(collector.name(), now.getEpochSecond());
    }

    @Override
    public void dropped(Collector collector, DropCounts drops, boolean sinceStart, Instant now) {
        dashboard.dropped(collector.name(), drops.dropped(), drops.byCategory(), drops.byFileSystem(),
                now.getEpochSecond());
    }
}
