package org.lustrecollector.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapLineParser;
import org.lustrecollector.trap.TrapStore;
import org.openjdk.jol.info.GraphLayout;

/** maxtraps against the heap: the per-trap budget holds a realistic stored trap twice over, and start-up refuses what cannot fit. */
class HeapBudgetTest {
    static {
        // JOL reads field offsets of records (Trap, StoredTrap) only this way on JDK 17 without an agent.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final long MIB = 1024 * 1024;
    private static final int TRAPS = 2_000;

    /** A storm as the trap file brings it: "connection lost" traps, one per OST, parsed from their lines. */
    private static List<Trap> storm() {
        TrapLineParser parser = new TrapLineParser();
        List<Trap> traps = new ArrayList<>();
        for (int i = 0; i < TRAPS; i++) {
            String node = String.format("scratch-OST%04x", i);
            String line = "mds1-" + (1_700_000_000L + i) + "\t" + (1_700_000_000L + i) + "\tCRITICAL\tscratch\t" + node
                    + "\tConnection to " + node + " (at 10.12." + (i / 250) + "." + (i % 250) + "@o2ib) was lost; "
                    + "in progress operations using this service will wait for recovery to complete";
            traps.add(((TrapLineParser.Parsed) parser.parse(line)).trap());
        }
        return traps;
    }

    @Test
    void theBudgetPerTrapIsAtLeastTwiceWhatAStoredTrapRetains() {
        InstantSource clock = InstantSource.system();
        long empty = GraphLayout.parseInstance(new TrapStore(TRAPS, Duration.ofDays(1), clock)).totalSize();
        TrapStore store = new TrapStore(TRAPS, Duration.ofDays(1), clock);
        store.addAll(storm());
        assertEquals(TRAPS, store.size());
        long perTrap = (GraphLayout.parseInstance(store).totalSize() - empty) / TRAPS;
        assertTrue(perTrap > 100, "a measurement, not nothing: " + perTrap);
        assertTrue(2 * perTrap <= HeapBudget.BYTES_PER_TRAP,
                "a stored trap retains " + perTrap + " bytes; the budget of " + HeapBudget.BYTES_PER_TRAP + " must be twice that");
    }

    @Test
    void theDefaultAndTheTestsLargeStoreFitTheShippedHeap() {
        long shipped = 256 * MIB * 29 / 30; // what a serial-collector JVM with -Xmx256m reports as maxMemory
        assertDoesNotThrow(() -> HeapBudget.check(TestConfig.of(), shipped, "this JVM"));
        assertDoesNotThrow(() -> HeapBudget.check(TestConfig.of("maxtraps", "200000"), shipped, "this JVM"));
    }

    @Test
    void theDocumentedMaximumInTheShippedHeapIsRefusedInOneLineNamingTheHeapItNeeds() {
        CollectorConfig config = TestConfig.of("maxtraps", "1000000");
        ConfigException e = assertThrows(ConfigException.class,
                () -> HeapBudget.check(config, 256 * MIB, "the collector's JVM (-Xmx256m)"));
        assertEquals("Bad configuration: maxtraps=1000000 (from command line): a store of 1000000 traps needs a heap of "
                + "at least 923 MiB and the collector's JVM (-Xmx256m) has 256 MiB; lower maxtraps to at most 223000 "
                + "or give it -Xmx1088m (CATALINA_OPTS)", e.getMessage());
    }

    @Test
    void theSuggestedHeapIsEnough() {
        for (int maxTraps : new int[] {1, 250, 200_000, 450_000, 1_000_000}) {
            long xmx = Long.parseLong(HeapBudget.suggestedXmx(maxTraps).replaceAll("\\D", "")) * MIB;
            assertDoesNotThrow(() -> HeapBudget.check(TestConfig.of("maxtraps", String.valueOf(maxTraps)),
                    xmx * 29 / 30, "this JVM"));
            assertTrue(HeapBudget.mostTraps(xmx * 29 / 30) >= maxTraps / 1000 * 1000, String.valueOf(maxTraps));
        }
    }

    @Test
    void aHeapTooSmallForAnyStoreSuggestsOnlyMoreHeap() {
        ConfigException e = assertThrows(ConfigException.class, () -> HeapBudget.check(TestConfig.of(), 32 * MIB, "this JVM"));
        assertEquals("Bad configuration: maxtraps=250 (from built-in defaults): a store of 250 traps needs a heap of at "
                + "least 65 MiB and this JVM has 32 MiB; give it -Xmx128m (CATALINA_OPTS)", e.getMessage());
    }
}
