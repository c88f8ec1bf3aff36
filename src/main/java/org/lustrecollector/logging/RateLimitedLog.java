package org.lustrecollector.logging;

import java.time.Duration;
import java.time.InstantSource;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets through at most {@code burst} messages per window and counts the rest, so a flood of bad input
 * or refused requests cannot flood the log. The next message let through says how many were suppressed.
 * Thread-safe.
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final int burst;
    private final long windowMillis;
    private final InstantSource clock;

    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long suppressed;

    public RateLimitedLog(Logger logger, int burst, Duration window, InstantSource clock) {
        this.logger = logger;
        this.burst = burst;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    public static RateLimitedLog perMinute(Class<?> owner, int burst) {
        return new RateLimitedLog(Logger.getLogger(owner.getName()), burst, Duration.ofMinutes(1), InstantSource.system());
    }

    /** Logs the message unless this window's burst is spent; returns whether it was logged. */
    public boolean log(Level level, String message) {
        if (!logger.isLoggable(level)) {
            return false;
        }
        long missed;
        synchronized (this) {
            long now = clock.millis();
            // The first call opens a window (now - MIN_VALUE would overflow); a clock set back opens a new one.
            if (windowStart == Long.MIN_VALUE || now < windowStart || now - windowStart >= windowMillis) {
                windowStart = now;
                inWindow = 0;
            }
            if (inWindow >= burst) {
                suppressed++;
                return false;
            }
            inWindow++;
            missed = suppressed;
            suppressed = 0;
        }
        // Name the caller, not this helper, as the record's source.
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(RateLimitedLog.class.getName())).findFirst())
                .orElse(null);
        logger.logp(level, caller == null ? logger.getName() : caller.getClassName(),
                caller == null ? "" : caller.getMethodName(),
                missed == 0 ? message : message + " (" + missed + " similar messages suppressed before this one)");
        return true;
    }

    public synchronized long suppressed() {
        return suppressed;
    }
}
