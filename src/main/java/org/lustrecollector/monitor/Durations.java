package org.lustrecollector.monitor;

import java.time.Duration;

/** Durations for people: "45s", "3m 12s", "2h 5m", "3d 4h". */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
    }
}
