package org.lustrecollector.monitor.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traps the dashboard shows: the newest {@code capacity} in a ring, numbered in arrival order; counts
 * per minute and severity over the last {@link #MINUTES} minutes; and per filesystem when its last Critical
 * and Fatal trap arrived. Thread-safe: the monitor's watch thread adds, the web threads read.
 */
public final class TrapLog {
    /** Six hours of per-minute counts. */
    public static final int MINUTES = 360;
    /** Filesystem names remembered for the status light; only bad input has more. */
    static final int MAX_FILESYSTEMS = 4096;

    /** Traps after a sequence number, and how many were left out because they are no longer held. */
    public record Slice(List<WebTrap> traps, long next, long missed) {
    }

    private final WebTrap[] ring;
    private final Clock clock;
    private long next = 1;
    private final long[][] perMinute = new long[MINUTES][4];
    private long currentMinute = Long.MIN_VALUE;
    private final Map<String, long[]> lastSevere = new HashMap<>();

    public TrapLog(int capacity, Clock clock) {
        this.ring = new WebTrap[capacity];
        this.clock = clock;
    }

    public synchronized WebTrap add(String id, long time, int category, String fs, String node, String message,
            String collector) {
        WebTrap t = new WebTrap(next, id, time, category, fs, node, message, collector);
        ring[(int) (next % ring.length)] = t;
        next++;
        long minute = clock.millis() / 60_000;
        advanceTo(minute);
        perMinute[(int) (minute % MINUTES)][category]++;
        if (category >= 2 && (lastSevere.size() < MAX_FILESYSTEMS || lastSevere.containsKey(fs))) {
            lastSevere.computeIfAbsent(fs, k -> new long[4])[category] = clock.millis() / 1000;
        }
        return t;
    }

    private void advanceTo(long minute) {
        if (currentMinute == Long.MIN_VALUE) {
            currentMinute = minute;
            return;
        }
        for (long m = currentMinute + 1; m <= minute && m <= currentMinute + MINUTES; m++) {
            java.util.Arrays.fill(perMinute[(int) (m % MINUTES)], 0);
        }
        currentMinute = Math.max(currentMinute, minute);
    }

    /** The number the next trap will get: {@code since} for a client that wants only what comes later. */
    public synchronized long next() {
        return next;
    }

    /** Traps numbered {@code since} or later, oldest first, at most {@code limit} (the newest of them). */
    public synchronized Slice after(long since, int limit) {
        long oldestHeld = Math.max(1, next - ring.length);
        long from = Math.max(Math.max(since, oldestHeld), next - limit);
        long missed = Math.max(0, from - Math.max(since, 1));
        List<WebTrap> out = new ArrayList<>((int) Math.max(0, next - from));
        for (long s = from; s < next; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return new Slice(out, next, since >= next ? 0 : missed);
    }

    /**
     * Counts per minute, oldest first, {@link #MINUTES} of them ending with the current minute.
     *
     * @return [minute][category]
     */
    public synchronized long[][] perMinute() {
        long minute = clock.millis() / 60_000;
        advanceTo(minute);
        long[][] out = new long[MINUTES][];
        for (int i = 0; i < MINUTES; i++) {
            out[i] = perMinute[(int) Math.floorMod(minute - MINUTES + 1 + i, (long) MINUTES)].clone();
        }
        return out;
    }

    /** When the filesystem's last trap of {@code category} (2 or 3) arrived, epoch seconds; 0 never. */
    public synchronized long lastSevere(String fs, int category) {
        long[] times = lastSevere.get(fs);
        return times == null ? 0 : times[category];
    }
}
