package org.lustrecollector.lustre;

import java.util.Optional;

/**
 * A local MDT's {@code recovery_status}, as {@code lprocfs_recovery_status_seq_show()} prints it
 * ({@code lustre/obdclass/lprocfs_status_server.c}, v2_12_0, v2_15_0, v2_16_0): {@code status: } then
 * INACTIVE, COMPLETE, WAITING, WAITING_FOR_CLIENTS or RECOVERING, and per status its own lines. Values a
 * status does not print are -1.
 *
 * @param status    the status word; {@code unknown} when the file is absent or unreadable
 * @param start     {@code recovery_start:} (epoch seconds)
 * @param duration  {@code recovery_duration:} (COMPLETE) in seconds
 * @param completed clients that completed recovery: the first number of COMPLETE's
 *                  {@code completed_clients: %d/%d}, or RECOVERING's {@code completed_clients: %d}
 * @param clients   clients to recover: the second number of {@code completed_clients} (COMPLETE) or of
 *                  {@code connected_clients: %d/%d} (RECOVERING)
 * @param evicted   clients evicted: COMPLETE's clients minus completed (Lustre's {@code obd_stale_clients}),
 *                  RECOVERING's {@code evicted_clients:}
 * @param remaining {@code time_remaining:} (RECOVERING) in seconds
 */
public record Recovery(String status, long start, long duration, int completed, int clients, int evicted,
                       long remaining) {
    public static final String UNKNOWN_STATUS = "unknown";
    public static final Recovery UNKNOWN = new Recovery(UNKNOWN_STATUS, -1, -1, -1, -1, -1, -1);

    /** Whether the target is recovering: RECOVERING, WAITING (for other MDTs) or WAITING_FOR_CLIENTS. */
    public boolean inProgress() {
        return status.equals("RECOVERING") || status.equals("WAITING") || status.equals("WAITING_FOR_CLIENTS");
    }

    public boolean known() {
        return !status.equals(UNKNOWN_STATUS);
    }

    /** The file's text; empty when it has no {@code status:} line. */
    static Optional<Recovery> parse(String text) {
        String status = null;
        long start = -1;
        long duration = -1;
        long remaining = -1;
        int completed = -1;
        int clients = -1;
        int evicted = -1;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            try {
                switch (key) {
                    case "status" -> status = value;
                    case "recovery_start" -> start = Long.parseLong(value);
                    case "recovery_duration" -> duration = Long.parseLong(value);
                    case "time_remaining" -> remaining = Long.parseLong(value);
                    case "evicted_clients" -> evicted = Integer.parseInt(value);
                    case "connected_clients" -> clients = Integer.parseInt(value.substring(value.indexOf('/') + 1));
                    case "completed_clients" -> {
                        int slash = value.indexOf('/');
                        completed = Integer.parseInt(slash < 0 ? value : value.substring(0, slash));
                        if (slash >= 0) {
                            clients = Integer.parseInt(value.substring(slash + 1));
                        }
                    }
                    default -> {
                        // replayed_requests, last_transno, VBR, IR, queued_requests, ...: not used
                    }
                }
            } catch (NumberFormatException e) {
                // a value not as Lustre prints it: that field stays unknown
            }
        }
        if (status == null || status.isEmpty()) {
            return Optional.empty();
        }
        if (status.equals("COMPLETE") && completed >= 0 && clients >= 0) {
            evicted = clients - completed;
        }
        return Optional.of(new Recovery(status, start, duration, completed, clients, evicted, remaining));
    }
}
