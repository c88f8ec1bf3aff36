package org.lustrecollector.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** libcfs's console limit of one call site (libcfs_debug_msg(), libcfs/libcfs/tracefile.c v2_15_0). */
class ConsoleRateLimitTest {
    private static final long T0 = 1_740_000_000_000L;

    @Test
    void aBurstPassesAtDoublingDelaysAndEachPrintedMessageTellsWhatWasHeldBefore() {
        ConsoleRateLimit limit = new ConsoleRateLimit();
        List<String> printed = new ArrayList<>();
        for (long t = 0; t < 4_000; t += 100) {
            if (limit.passes(T0 + t)) {
                printed.add(t + ": skipped " + limit.takeHeld());
            }
        }
        assertEquals(List.of("0: skipped 0", "500: skipped 4", "1500: skipped 9", "3500: skipped 19"), printed);
    }

    @Test
    void theDelayStaysLongAfterABurstAndShrinksAfterTenMinutesOfQuiet() {
        ConsoleRateLimit limit = new ConsoleRateLimit();
        for (long t = 0; t <= 3_500; t += 100) {
            limit.passes(T0 + t);
        }
        limit.takeHeld();
        // the delay is 4 s now: a minute later one message passes, and the next 8 s are held back
        assertTrue(limit.passes(T0 + 63_500));
        assertFalse(limit.passes(T0 + 63_500 + 7_999));
        assertTrue(limit.passes(T0 + 63_500 + 8_000));
        assertEquals(1, limit.takeHeld());
        // quiet for more than 610 s after the site's next slot (63.5 + 8 + 16 s): the delay shrinks eightfold
        long quiet = T0 + 63_500 + 8_000 + 16_000 + 610_001;
        assertTrue(limit.passes(quiet));
        assertFalse(limit.passes(quiet + 1_999));
        assertTrue(limit.passes(quiet + 2_000));
    }
}
