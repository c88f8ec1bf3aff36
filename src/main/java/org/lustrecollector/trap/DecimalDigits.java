package org.lustrecollector.trap;

/**
 * Reads an unsigned decimal number out of part of a string without making a substring: trap file times
 * and kernel log timestamps are read this way on every line of a storm.
 */
public final class DecimalDigits {
    /** Longest run read: 18 digits always fit a long. */
    static final int MAX_DIGITS = 18;

    private DecimalDigits() {
    }

    /** The number in {@code text[from, to)}, or -1 when that is empty, not all ASCII digits, or over 18 digits. */
    public static long parse(String text, int from, int to) {
        if (to <= from || to - from > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
