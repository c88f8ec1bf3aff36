package org.lustrecollector.source;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of the traps the collector raises itself: {@code <host>:<subject>:<event>:<run>-<n>}, where
 * {@code run} is random, drawn once per start, and {@code n} counts up from 1. Unique without a clock:
 * a wall clock set back (or the same second twice) cannot repeat one, nor can a restart. Thread-safe.
 */
public final class TrapIds {
    /** 48 random bits: two starts share a run with a chance of about 1 in 2^48. */
    private static final int RUN_BYTES = 6;

    private final String host;
    private final String run;
    private final AtomicLong counter = new AtomicLong();

    public TrapIds(String host, String run) {
        this.host = host;
        this.run = run;
    }

    /** Ids for this start of the collector, with a fresh random run. */
    public static TrapIds newRun(String host) {
        byte[] bytes = new byte[RUN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return new TrapIds(host, HexFormat.of().formatHex(bytes));
    }

    /** The host name that starts every id, and is the node of the traps about this server itself. */
    public String host() {
        return host;
    }

    /** A new id; {@code subject} is the node, filesystem or source the trap is about. */
    public String next(String subject, String event) {
        return host + ":" + subject + ":" + event + ":" + run + "-" + counter.incrementAndGet();
    }
}
