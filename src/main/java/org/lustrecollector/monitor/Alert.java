package org.lustrecollector.monitor;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's API v2 takes it ({@code POST /api/v2/alerts}).
 *
 * @param labels      identify the alert: Alertmanager merges alerts with equal labels into one
 * @param annotations what it says: message, trap ids, collectors, event time
 * @param startsAt    when the event happened
 * @param endsAt      when it ends: the resolving trap's time, or the end of a one-shot event
 */
public record Alert(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
                    Instant endsAt) {
    public Alert {
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
    }

    /** The key Alertmanager itself identifies an alert by: its labels. */
    public String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            b.append(e.getKey()).append('\u0000').append(e.getValue()).append('\u0001');
        }
        return b.toString();
    }

    public boolean resolvedAt(Instant now) {
        return !endsAt.isAfter(now);
    }
}
