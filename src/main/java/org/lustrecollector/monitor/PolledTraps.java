package org.lustrecollector.monitor;

import java.util.List;

/**
 * One successful poll of one collector: the traps {@code getTraps} returned, the timestamp to pass back
 * next time, and the drop counters read right after.
 */
public record PolledTraps(List<MonitoredTrap> traps, int timestamp, DropCounts drops) {
}
