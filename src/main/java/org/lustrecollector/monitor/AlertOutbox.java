package org.lustrecollector.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts waiting for one Alertmanager. Bounded: the newest version of an alert replaces a waiting one
 * (same labels), and beyond {@code capacity} the oldest waiting alert is discarded (counted). At most one
 * POST of at most {@code batchSize} alerts per {@link #send} call, which the relay makes once a second;
 * after a failure the next try waits, doubling from one second up to {@code maxBackoff}, and the batch
 * stays waiting. Not thread-safe: the relay's one thread uses it.
 */
final class AlertOutbox {
    /** What has become of the alerts for this Alertmanager since the start. */
    record Counts(long sent, long failed, long discarded, int waiting) {
    }

    /** Sends one batch; throws when it was not taken. */
    interface Sender {
        void post(List<Alert> batch) throws Exception;
    }

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final int capacity;
    private final int batchSize;
    private final Duration maxBackoff;
    private final Map<String, Alert> waiting = new LinkedHashMap<>();
    private long sent;
    private long failed;
    private long discarded;
    private Duration backoff = Duration.ZERO;
    private Instant nextTry = Instant.MIN;
    private String lastError = "";

    AlertOutbox(int capacity, int batchSize, Duration maxBackoff) {
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
    }

    void offer(Alert alert) {
        String key = alert.fingerprint();
        waiting.remove(key);
        waiting.put(key, alert);
        Iterator<String> it = waiting.keySet().iterator();
        while (waiting.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
            discarded++;
        }
    }

    /**
     * One POST of the oldest waiting alerts, unless backing off or nothing waits.
     *
     * @return the error of a failed POST, or null
     */
    String send(Sender sender, Instant now) {
        if (waiting.isEmpty() || now.isBefore(nextTry)) {
            return null;
        }
        List<Alert> batch = new ArrayList<>(Math.min(batchSize, waiting.size()));
        for (Alert a : waiting.values()) {
            if (batch.size() == batchSize) {
                break;
            }
            batch.add(a);
        }
        try {
            sender.post(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            failed += batch.size();
            backoff = backoff.isZero() ? FIRST_BACKOFF : backoff.multipliedBy(2);
            if (backoff.compareTo(maxBackoff) > 0) {
                backoff = maxBackoff;
            }
            nextTry = now.plus(backoff);
            lastError = e.getMessage() == null ? e.toString() : e.getMessage();
            return lastError;
        }
        for (Alert a : batch) {
            // Only what was sent: a newer version offered meanwhile (same key) waits for the next POST.
            waiting.remove(a.fingerprint(), a);
        }
        sent += batch.size();
        backoff = Duration.ZERO;
        nextTry = Instant.MIN;
        lastError = "";
        return null;
    }

    Counts counts() {
        return new Counts(sent, failed, discarded, waiting.size());
    }

    String lastError() {
        return lastError;
    }

    boolean backingOff() {
        return !backoff.isZero();
    }
}
