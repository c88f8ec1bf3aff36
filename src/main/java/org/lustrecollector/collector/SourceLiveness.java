package org.lustrecollector.collector;

import java.util.concurrent.atomic.AtomicLong;

import org.lustrecollector.source.Source;

/**
 * One source's liveness as the collector sees it: when a read last completed, whether one is under way
 * and since when, how many ended with an exception or error. Times are {@link System#nanoTime()}, so a
 * wall clock set back or forward changes nothing. Written by the task that reads the source, read by
 * the others and by {@code getStatus}.
 */
final class SourceLiveness {
    private final Source source;
    /** Collector start, or the end of the last completed read. */
    private volatile long lastProgressNanos;
    /** Start of the read under way; valid while {@link #reading} is true. */
    private volatile long readStartNanos;
    private volatile boolean reading;
    private volatile String lastFailure = "";
    private final AtomicLong failures = new AtomicLong();
    /** Whether the last trap about this source said it was stuck; guarded by the {@link StuckSourceAlarm}. */
    boolean announcedStuck;

    SourceLiveness(Source source, long startNanos) {
        this.source = source;
        this.lastProgressNanos = startNanos;
    }

    Source source() {
        return source;
    }

    void begin(long nanos) {
        readStartNanos = nanos;
        reading = true;
    }

    void completed(long nanos) {
        reading = false;
        lastProgressNanos = nanos;
    }

    void failed(Throwable failure) {
        reading = false;
        failures.incrementAndGet();
        lastFailure = String.valueOf(failure);
    }

    long failures() {
        return failures.get();
    }

    /** No read completed for longer than {@code limitNanos}: hanging in a read, or failing at every one. */
    boolean stuck(long nowNanos, long limitNanos) {
        return nowNanos - lastProgressNanos > limitNanos;
    }

    /** Nanoseconds since the last completed read (or since the start). */
    long sinceProgress(long nowNanos) {
        return nowNanos - lastProgressNanos;
    }

    /** Why it is stuck, in words, for the log and the trap. */
    String why(long nowNanos) {
        if (reading) {
            return "a read started " + seconds(nowNanos - readStartNanos) + " s ago has not returned";
        }
        return failures.get() == 0 ? "no read has run" : "reads fail: " + lastFailure;
    }

    static long seconds(long nanos) {
        return nanos / 1_000_000_000L;
    }
}
