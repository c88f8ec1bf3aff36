package org.lustrecollector.rpc;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.xmlrpc.XmlRpcException;

/**
 * Bounds the bytes of large answers being sent at once, so that many clients asking for everything from a
 * large store cannot together exhaust the heap. An answer of at least {@link #MIN_BYTES} holds its size
 * (at most the whole budget) until it is written; one that finds the budget spent waits up to
 * {@code maxWait}, then gets a {@link FaultCodes#BUSY} fault. Smaller answers pass without waiting.
 */
final class LargeAnswers {
    /** Answers below this size pass freely: the usual getTraps of a poller. */
    static final long MIN_BYTES = 1 << 20;
    private static final long KIB = 1024;

    /** A size held until the answer is written. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private static final Hold NOTHING = () -> { };

    private final Semaphore kib;
    private final int totalKib;
    private final Duration maxWait;

    /** @param maxBytes the bytes of large answers held at once */
    LargeAnswers(long maxBytes, Duration maxWait) {
        if (maxBytes < KIB) {
            throw new IllegalArgumentException("budget below 1 KiB: " + maxBytes);
        }
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, maxBytes / KIB);
        this.kib = new Semaphore(totalKib, true);
        this.maxWait = maxWait;
    }

    /** A quarter of the heap, waiting up to five seconds. */
    static LargeAnswers forHeap() {
        return new LargeAnswers(Math.max(4 * MIN_BYTES, Runtime.getRuntime().maxMemory() / 4), Duration.ofSeconds(5));
    }

    /** Holds {@code bytes} for an answer of that size; closing the hold gives them back. */
    Hold hold(long bytes) throws XmlRpcException {
        if (bytes < MIN_BYTES) {
            return NOTHING;
        }
        int wanted = (int) Math.min(totalKib, (bytes + KIB - 1) / KIB);
        boolean held;
        try {
            held = kib.tryAcquire(wanted, maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            held = false;
        }
        if (!held) {
            throw new XmlRpcException(FaultCodes.BUSY, "The collector is sending other large answers; "
                    + "ask again in a few seconds, or for fewer traps (a later time)");
        }
        return new Hold() {
            private boolean open = true;

            @Override
            public synchronized void close() {
                if (open) {
                    open = false;
                    kib.release(wanted);
                }
            }
        };
    }

    /** KiB not held now. */
    int availableKib() {
        return kib.availablePermits();
    }
}
