package org.lustrecollector.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * --status with --alertmanager: one line per Alertmanager with the Lustre alerts active there per
 * severity, or why it did not answer. What a running relay sent, failed to send and discarded is in its
 * log and its status file ({@link RelayStatusReport}; docs/alerting.md).
 */
final class AlertmanagerStatus {
    private final List<AlertmanagerClient> alertmanagers;
    private final PrintStream out;

    AlertmanagerStatus(List<AlertmanagerClient> alertmanagers, PrintStream out) {
        this.alertmanagers = alertmanagers;
        this.out = out;
    }

    /** Prints the lines; returns how many Alertmanagers did not answer. */
    int print() throws InterruptedException {
        int failed = 0;
        for (AlertmanagerClient am : alertmanagers) {
            try {
                Map<String, Integer> active = am.activeLustreAlerts();
                int total = active.values().stream().mapToInt(Integer::intValue).sum();
                StringBuilder line = new StringBuilder("Alertmanager ").append(am.name()).append(": ").append(total)
                        .append(total == 1 ? " Lustre alert active" : " Lustre alerts active");
                if (total > 0) {
                    line.append(" (");
                    active.forEach((severity, n) -> line.append(line.charAt(line.length() - 1) == '(' ? "" : ", ")
                            .append(severity).append(' ').append(n));
                    line.append(')');
                }
                out.println(line);
            } catch (IOException e) {
                failed++;
                out.println("Alertmanager " + am.name() + ": not answering ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        out.flush();
        return failed;
    }
}
