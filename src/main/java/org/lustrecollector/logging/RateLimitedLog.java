package org.lustrecollector.logging;

import java.time.Duration;
import java.time.InstantSource;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets through at most {@code burst} messages and {@code maxBytes} bytes (UTF-8) per window and counts the
 * rest, so a flood of bad input or refused requests cannot flood the log, neither by count nor by size. A
 * message longer than {@link #MAX_MESSAGE_CHARS} is cut to that length first. The next message let through
 * says how many were suppressed. Thread-safe.
 */
public final class RateLimitedLog {
    /** The longest message logged; the rest of a longer one is left out. */
    public static final int MAX_MESSAGE_CHARS = 1000;
    /** Bytes per window unless a constructor says otherwise: a few dozen full-length lines a minute. */
    public static final long DEFAULT_MAX_BYTES = 64 * 1024;

    private final Logger logger;
    private final int burst;
    private final long maxBytes;
    private final long windowMillis;
    private final InstantSource clock;

    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long bytesInWindow;
    private long suppressed;

    public RateLimitedLog(Logger logger, int burst, Duration window, InstantSource clock) {
        this(logger, burst, DEFAULT_MAX_BYTES, window, clock);
    }

    /** @param maxBytes UTF-8 bytes of messages let through per window */
    public RateLimitedLog(Logger logger, int burst, long maxBytes, Duration window, InstantSource clock) {
        if (burst < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative: " + burst + ", " + maxBytes);
        }
        this.logger = logger;
        this.burst = burst;
        this.maxBytes = maxBytes;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    public static RateLimitedLog perMinute(Class<?> owner, int burst) {
        return new RateLimitedLog(Logger.getLogger(owner.getName()), burst, Duration.ofMinutes(1), InstantSource.system());
    }

    /** Logs the message unless this window's count or bytes are spent; returns whether it was logged. */
    public boolean log(Level level, String message) {
        if (!logger.isLoggable(level)) {
            return false;
        }
        String bounded = cut(message);
        long size = utf8Length(bounded);
        long missed;
        synchronized (this) {
            long now = clock.millis();
            // The first call opens a window (now - MIN_VALUE would overflow); a clock set back opens a new one.
            if (windowStart == Long.MIN_VALUE || now < windowStart || now - windowStart >= windowMillis) {
                windowStart = now;
                inWindow = 0;
                bytesInWindow = 0;
            }
            if (inWindow >= burst || bytesInWindow + size > maxBytes) {
                suppressed++;
                return false;
            }
            inWindow++;
            bytesInWindow += size;
            missed = suppressed;
            suppressed = 0;
        }
        // Name the caller, not this helper, as the record's source.
        StackWalker.StackFrame caller = StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !f.getClassName().equals(RateLimitedLog.class.getName())).findFirst())
                .orElse(null);
        logger.logp(level, caller == null ? logger.getName() : caller.getClassName(),
                caller == null ? "" : caller.getMethodName(),
                missed == 0 ? bounded : bounded + " (" + missed + " similar messages suppressed before this one)");
        return true;
    }

    public synchronized long suppressed() {
        return suppressed;
    }

    private static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int end = Character.isHighSurrogate(message.charAt(MAX_MESSAGE_CHARS - 1))
                ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
        return message.substring(0, end) + "... (" + (message.length() - end) + " more characters)";
    }

    private static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // A surrogate pair is 4 bytes: 2 for each half.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
