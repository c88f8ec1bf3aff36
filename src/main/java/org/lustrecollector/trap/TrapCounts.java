package org.lustrecollector.trap;

import java.util.Map;

/**
 * A consistent copy of the store's counters, taken under its lock.
 * Counts are totals since start-up; they outlive the traps they count.
 *
 * @param received             traps accepted from any source, per category (index = category code)
 * @param dropped              traps removed or refused because the store was full, per category
 * @param expired              traps removed because they were older than the retention
 * @param receivedByFileSystem received traps per filesystem (index = category code)
 * @param droppedByFileSystem  dropped traps per filesystem (index = category code)
 * @param stored               traps held now
 * @param expiredByFileSystem  expired traps per filesystem (index = category code)
 */
public record TrapCounts(long[] received, long[] dropped, long expired,
                         Map<String, long[]> receivedByFileSystem, Map<String, long[]> droppedByFileSystem,
                         int stored, Map<String, long[]> expiredByFileSystem) {

    /** Counts with no expired trap broken down by filesystem. */
    public TrapCounts(long[] received, long[] dropped, long expired, Map<String, long[]> receivedByFileSystem,
                      Map<String, long[]> droppedByFileSystem, int stored) {
        this(received, dropped, expired, receivedByFileSystem, droppedByFileSystem, stored, Map.of());
    }

    public long totalReceived() {
        return sum(received);
    }

    public long totalDropped() {
        return sum(dropped);
    }

    public static long sum(long[] perCategory) {
        long total = 0;
        for (long n : perCategory) {
            total += n;
        }
        return total;
    }
}
