package org.lustrecollector.web;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which users called from which address recently, so that the log names every user who
 * calls through Apache without a line for each poll of a monitor that calls every few seconds.
 * Bounded: the least recently seen are forgotten first. Thread-safe.
 */
final class KnownCallers {
    private final Duration remember;
    private final InstantSource clock;
    private final Map<String, Long> lastLogged;

    KnownCallers(int capacity, Duration remember, InstantSource clock) {
        this.remember = remember;
        this.clock = clock;
        this.lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether this caller was not logged within the last {@code remember}; if so, counts it as logged now. */
    synchronized boolean shouldLog(String caller) {
        long now = clock.millis();
        Long last = lastLogged.get(caller);
        if (last != null && now >= last && now - last < remember.toMillis()) {
            return false;
        }
        lastLogged.put(caller, now);
        return true;
    }
}
