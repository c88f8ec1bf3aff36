package org.lustrecollector.demo;

/**
 * The console rate limit of one Lustre call site, as libcfs applies it ({@code CDEBUG_LIMIT}:
 * {@code libcfs_debug_msg()} in {@code libcfs/libcfs/tracefile.c} v2_15_0, described in
 * {@code docs/lustre-facts.md} section 10): a message passes when the site's delay since the last one that
 * passed is over, the delay doubling from 0.5 s up to 600 s at each message that passes, and shrinking
 * eightfold when the site was quiet for longer than 610 s; the messages held back meanwhile are counted,
 * and the next message that passes is followed by {@code Skipped N previous similar messages}.
 * Not thread-safe: one writer uses it.
 */
final class ConsoleRateLimit {
    /** {@code CDEBUG_DEFAULT_MIN_DELAY}, {@code CDEBUG_DEFAULT_MAX_DELAY}, {@code CDEBUG_DEFAULT_BACKOFF}. */
    static final long MIN_DELAY_MILLIS = 500;
    static final long MAX_DELAY_MILLIS = 600_000;
    private static final int BACKOFF = 2;
    private static final long SPIN_DOWN_MILLIS = MAX_DELAY_MILLIS + 10_000;

    private long next;
    private long delay;
    private int held;

    /**
     * Whether a message of this site at {@code millis} reaches the console; when it does, {@link #takeHeld()}
     * tells the Skipped count to print after it.
     */
    boolean passes(long millis) {
        if (next != 0 && millis < next) {
            held++;
            return false;
        }
        if (millis > next + SPIN_DOWN_MILLIS) {
            delay /= BACKOFF * 4;
        } else {
            delay *= BACKOFF;
        }
        delay = Math.max(MIN_DELAY_MILLIS, Math.min(MAX_DELAY_MILLIS, delay));
        next = millis + delay;
        return true;
    }

    /** The messages held back before the one that just passed (0: no Skipped line), and forgets them. */
    int takeHeld() {
        int count = held;
        held = 0;
        return count;
    }
}
