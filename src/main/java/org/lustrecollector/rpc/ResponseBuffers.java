package org.lustrecollector.rpc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Byte arrays for {@link Utf8XmlWriter}, handed back after each answer and reused. A getTraps answer of 250
 * traps is about 65 KB; written into a fresh array that doubles as it fills, it allocated about 224 KB a
 * call, which at thousands of calls a second was most of the young-generation churn and GC pauses of the
 * polling benchmark (docs/benchmarks.md). Bounded both ways: at most {@code capacity} arrays are kept, and
 * none larger than {@code maxKept} bytes, so a rare huge answer (a large {@code maxtraps}) does not stay.
 * Thread-safe; a request that finds the pool empty allocates.
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
