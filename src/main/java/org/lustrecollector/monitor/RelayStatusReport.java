package org.lustrecollector.monitor;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * --status with --relay-status: what the running relay has sent, failed to send and discarded, per
 * Alertmanager, from its status file, and how old that is. A status older than {@link #STALE}, or the
 * relay's last one as it stopped, is said as such rather than shown as current. docs/alerting.md.
 */
final class RelayStatusReport {
    /** The relay rewrites its status every few seconds; this much older and it is taken as not running. */
    static final Duration STALE = Duration.ofMinutes(2);

    private final RelayStatusFile file;
    private final Clock clock;
    private final PrintStream out;

    RelayStatusReport(RelayStatusFile file, Clock clock, PrintStream out) {
        this.file = file;
        this.clock = clock;
        this.out = out;
    }

    /** Prints the lines; returns 0 when a running relay's current status was shown, else 1. */
    int print() {
        try {
            RelayStatus s = file.read();
            Instant now = clock.instant();
            Duration age = Duration.between(s.written(), now);
            String ago = Durations.text(age) + " ago";
            if (!s.running()) {
                out.println("Relay: stopped " + ago + " (" + time(s.written()) + ", status file " + file.path()
                        + "); its last counts:");
                targets(s);
                out.flush();
                return 1;
            }
            if (age.compareTo(STALE) > 0) {
                out.println("Relay: status file " + file.path() + " last written " + ago + " ("
                        + time(s.written()) + "): relay not running?");
                out.flush();
                return 1;
            }
            out.println("Relay (running since " + time(s.started()) + ", counts of " + ago + "): " + s.active()
                    + (s.active() == 1 ? " alert active" : " alerts active") + ", " + s.letGo() + " let go");
            targets(s);
            out.flush();
            return 0;
        } catch (RelayStatusFile.BadStatusException e) {
            out.println("Relay: " + e.getMessage());
            out.flush();
            return 1;
        }
    }

    private void targets(RelayStatus s) {
        for (RelayStatus.Target t : s.alertmanagers()) {
            out.println("Relay to " + t.url() + ": sent " + t.sent() + ", failed " + t.failed() + ", discarded "
                    + t.discarded() + ", waiting " + t.waiting()
                    + (t.lastError().isEmpty() ? "" : " (last error: " + t.lastError().replaceAll("\\s+", " ") + ")"));
        }
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
