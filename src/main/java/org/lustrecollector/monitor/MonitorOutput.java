package org.lustrecollector.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageMerge;

/** Where the monitor says what it sees: lines for people ({@link TextOutput}) or JSON for scripts ({@link JsonOutput}). */
interface MonitorOutput {
    void trap(MonitoredTrap trap);

    /** The collector did not answer; it is tried again every {@code retry} (zero: it is not, as in --once). */
    void down(Collector collector, Instant since, String reason, Duration retry);

    /** The collector answers again; what it served meanwhile follows. */
    void back(Collector collector, Instant downSince, Instant now);

    /**
     * The collector dropped traps (its store was full).
     *
     * @param sinceStart the counts are all the collector dropped since it started (the monitor's first look
     *                   at it, or it restarted), not only since the previous poll
     */
    void dropped(Collector collector, DropCounts drops, boolean sinceStart, Instant now);

    /** --status: one filesystem as one collector sees it ({@code getFileSystemInfo}); ignored by outputs that watch. */
    default void fileSystem(Collector collector, String fs, Map<String, Object> info) {
    }

    /** --status: the collector gave no filesystem information; ignored by outputs that watch. */
    default void noFileSystems(Collector collector, String reason) {
    }

    /**
     * --status: the outages of the collectors, each once ({@link OutageMerge#merged}), active ones first; shown
     * when at least one collector offers getOutages. Ignored by outputs that watch.
     */
    default void outages(List<Outage> outages, Instant now) {
    }

    /** --status: the collector's outages could not be read; ignored by outputs that watch. */
    default void noOutages(Collector collector, String reason) {
    }

    /** Push out what was written: a pipe must see each round at once. Nothing to push by default. */
    default void flush() {
    }

    /** Whether the output can no longer be written (a pipe whose reader is gone, as in {@code | head}). */
    default boolean broken() {
        return false;
    }
}
