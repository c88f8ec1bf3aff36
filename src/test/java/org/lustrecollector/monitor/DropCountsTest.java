package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DropCountsTest {
    @Test
    void growthIsCountedPerCategoryAndFilesystem() {
        DropCounts before = new DropCounts(10, Map.of("CRITICAL", 10L), Map.of("lustre", 10L), 250);
        DropCounts now = new DropCounts(35, Map.of("CRITICAL", 30L, "INFO", 5L), Map.of("lustre", 25L, "scratch", 10L), 250);
        DropCounts growth = now.since(before);
        assertEquals(25, growth.dropped());
        assertEquals(Map.of("CRITICAL", 20L, "INFO", 5L), growth.byCategory());
        assertEquals(Map.of("lustre", 15L, "scratch", 10L), growth.byFileSystem());
    }

    @Test
    void aCollectorThatRestartedCountsFromZeroAgain() {
        DropCounts before = new DropCounts(1000, Map.of("CRITICAL", 1000L), Map.of("lustre", 1000L), 250);
        DropCounts afterRestart = new DropCounts(7, Map.of("CRITICAL", 7L), Map.of("lustre", 7L), 250);
        assertEquals(afterRestart, afterRestart.since(before));
    }
}
