package org.lustrecollector.monitor;

import java.util.Map;

/**
 * A collector's drop counters from {@code getStatus}: traps removed or refused because its store was full.
 * They only grow while the collector runs; they start again at 0 when it restarts.
 *
 * @param byCategory   category name (INFO ... FATAL) to count
 * @param byFileSystem filesystem name to count
 */
public record DropCounts(long dropped, Map<String, Long> byCategory, Map<String, Long> byFileSystem, int maxTraps) {
    public static final DropCounts NONE = new DropCounts(0, Map.of(), Map.of(), 0);

    /** What was dropped after {@code earlier} was read; all of this when the collector has restarted since. */
    DropCounts since(DropCounts earlier) {
        if (dropped < earlier.dropped) {
            return this;
        }
        return new DropCounts(dropped - earlier.dropped, minus(byCategory, earlier.byCategory),
                minus(byFileSystem, earlier.byFileSystem), maxTraps);
    }

    private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> growth = new java.util.TreeMap<>();
        now.forEach((key, count) -> {
            long grown = count - before.getOrDefault(key, 0L);
            if (grown > 0) {
                growth.put(key, grown);
            }
        });
        return growth;
    }
}
