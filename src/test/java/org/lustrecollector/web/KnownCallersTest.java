package org.lustrecollector.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.lustrecollector.trap.MutableInstantSource;

class KnownCallersTest {
    private final MutableInstantSource clock = new MutableInstantSource(1_800_000_000L);
    private final KnownCallers callers = new KnownCallers(2, Duration.ofHours(1), clock);

    @Test
    void aCallerIsLoggedOncePerPeriod() {
        assertTrue(callers.shouldLog("alice"));
        assertFalse(callers.shouldLog("alice"));
        assertTrue(callers.shouldLog("bob"));
        clock.advance(59 * 60);
        assertFalse(callers.shouldLog("alice"));
        clock.advance(60);
        assertTrue(callers.shouldLog("alice"));
    }

    @Test
    void theLeastRecentlySeenAreForgottenBeyondCapacity() {
        assertTrue(callers.shouldLog("alice"));
        assertTrue(callers.shouldLog("bob"));
        assertTrue(callers.shouldLog("carol"));
        assertTrue(callers.shouldLog("alice"), "alice was forgotten");
    }
}
