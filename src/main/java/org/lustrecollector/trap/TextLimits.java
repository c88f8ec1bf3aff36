package org.lustrecollector.trap;

/**
 * Bounds text that comes from outside (a trap-file line, a kernel-log line, a request body) before it goes
 * into a log line or a fault string, so that a megabyte of input never becomes a megabyte of output.
 */
public final class TextLimits {
    /** What a cut text ends with. */
    public static final String ELLIPSIS = "...";
    /** How much of a piece of outside text a log line or fault quotes. */
    public static final int QUOTED_CHARS = 80;

    private TextLimits() {
    }

    /**
     * {@code text} itself when at most {@code maxChars} long, else its first {@code maxChars} characters
     * followed by {@link #ELLIPSIS}. A surrogate pair is never split. {@code null} stays {@code null}.
     */
    public static String abbreviate(String text, int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
        }
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
