package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;

class TrapDeduplicatorTest {
    private static final String A = "http://mds1:8980/";
    private static final String B = "http://mds2:8980/";

    private final TrapDeduplicator dedup = new TrapDeduplicator(Duration.ofSeconds(10), 1000);

    private static MonitoredTrap trap(String id, long time, String node, String message, String collector) {
        return new MonitoredTrap(id, time, Category.CRITICAL, "lustre", node, message, collector);
    }

    private static List<String> ids(List<MonitoredTrap> traps) {
        return traps.stream().map(MonitoredTrap::id).toList();
    }

    @Test
    void theSameIdFromBothCollectorsOrInALaterRoundIsShownOnce() {
        assertEquals(List.of("x"), ids(dedup.fresh(List.of(trap("x", 100, "n", "m", A), trap("x", 100, "n", "m", B)))));
        assertEquals(List.of(), ids(dedup.fresh(List.of(trap("x", 100, "n", "m", B)))));
    }

    @Test
    void theSameTrapWithOtherIdsFromTheOtherCollectorWithinTheWindowIsShownOnce() {
        List<MonitoredTrap> round = List.of(trap("a1", 105, "n", "lost", A), trap("b1", 100, "n", "lost", B));
        assertEquals(List.of("b1"), ids(dedup.fresh(round)), "the earlier one, in time order");
        assertEquals(List.of(), ids(dedup.fresh(List.of(trap("b9", 110, "n", "lost", A)))), "10 s apart: a repeat");
        assertEquals(List.of("b2"), ids(dedup.fresh(List.of(trap("b2", 111, "n", "lost", A)))),
                "11 s after the other collector's: a new event");
    }

    @Test
    void theSameTrapTwiceFromOneCollectorIsTwoEvents() {
        assertEquals(List.of("a1", "a2"), ids(dedup.fresh(List.of(trap("a1", 100, "n", "lost", A),
                trap("a2", 101, "n", "lost", A)))));
    }

    @Test
    void trapsDifferingInNodeCategoryOrMessageAreAllShown() {
        List<MonitoredTrap> round = List.of(trap("1", 100, "n", "lost", A), trap("2", 100, "other", "lost", B),
                trap("3", 100, "n", "restored", B),
                new MonitoredTrap("4", 100, Category.INFO, "lustre", "n", "lost", B),
                new MonitoredTrap("5", 100, Category.CRITICAL, "scratch", "n", "lost", B));
        assertEquals(List.of("1", "2", "3", "4", "5"), ids(dedup.fresh(round)));
    }

    @Test
    void aRoundComesOutInTimeOrderKeepingCollectorOrderWithinASecond() {
        List<MonitoredTrap> round = List.of(trap("a2", 300, "n", "2", A), trap("a1", 200, "n", "1", A),
                trap("b1", 200, "n", "3", B), trap("b0", 50, "n", "4", B));
        assertEquals(List.of("b0", "a1", "b1", "a2"), ids(dedup.fresh(round)));
    }

    @Test
    void memoryIsBoundedSoTheOldestIdsAreForgotten() {
        TrapDeduplicator small = new TrapDeduplicator(Duration.ofSeconds(10), 2);
        small.fresh(List.of(trap("1", 1, "n", "a", A), trap("2", 2, "n", "b", A), trap("3", 3, "n", "c", A)));
        assertEquals(List.of("1"), ids(small.fresh(List.of(trap("1", 1, "n", "a", A), trap("3", 3, "n", "c", A)))));
    }
}
