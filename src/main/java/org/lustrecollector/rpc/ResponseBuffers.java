package org.lustrecollector.rpc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Byte arrays for {@link Utf8XmlWriter}, handed back after each answer and kept for reuse: a fresh array
 * per answer, doubling as it fills, would be most of the garbage of a polled collector. Bounded both ways: at
 * most {@code capacity} arrays are kept, and none larger than {@code maxKept} bytes, so a rare huge answer
 * does not stay. Thread-safe; a request that finds the pool empty allocates.
 */
final class ResponseBuffers {
    static final int INITIAL_BYTES = 32 * 1024;

    private final BlockingQueue<byte[]> free;
    private final int maxKept;

    ResponseBuffers(int capacity, int maxKept) {
        this.free = capacity > 0 ? new ArrayBlockingQueue<>(capacity) : null;
        this.maxKept = maxKept;
    }

    /** A pool that keeps nothing: every writer allocates its own array. */
    static ResponseBuffers none() {
        return new ResponseBuffers(0, 0);
    }

    byte[] take() {
        byte[] b = free == null ? null : free.poll();
        return b != null ? b : new byte[INITIAL_BYTES];
    }

    /** Gives an array back for reuse; its contents are not cleared (writers overwrite from index 0). */
    void give(byte[] b) {
        if (free != null && b.length <= maxKept) {
            free.offer(b);
        }
    }

    int kept() {
        return free == null ? 0 : free.size();
    }
}
