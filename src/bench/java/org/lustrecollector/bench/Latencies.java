package org.lustrecollector.bench;

import java.util.Arrays;

/** Percentiles of a set of measured latencies, in milliseconds (nearest-rank). */
record Latencies(int count, double p50Ms, double p99Ms, double maxMs) {

    static Latencies ofNanos(long[] nanos, int count) {
        if (count == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Latencies(count, rank(sorted, 0.50) / 1e6, rank(sorted, 0.99) / 1e6, sorted[count - 1] / 1e6);
    }

    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
