package org.lustrecollector.api;

import java.util.Optional;

/** Severity of a trap. The numeric codes are part of the trap-file format and of the XML-RPC API. */
public enum Category {
    INFO, WARNING, CRITICAL, FATAL;

    private static final Category[] BY_CODE = values();
    @SuppressWarnings("unchecked")
    private static final Optional<Category>[] FOUND = java.util.Arrays.stream(BY_CODE).map(Optional::of)
            .toArray(Optional[]::new);

    /** The number used in the trap file and in XML-RPC answers: 0 Info to 3 Fatal. */
    public int code() {
        return ordinal();
    }

    public static Category ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("category code out of range 0-3: " + code);
        }
        return BY_CODE[code];
    }

    /** Accepts {@code 0}-{@code 3} or a name in any case; empty when the text is neither. */
    public static Optional<Category> parse(String text) {
        return parse(text, 0, text.length());
    }

    /**
     * {@link #parse(String)} of {@code text.substring(from, to)}, without making the substring: the trap
     * file parser calls it once per line of a storm.
     */
    public static Optional<Category> parse(String text, int from, int to) {
        if (to - from == 1) {
            char c = text.charAt(from);
            return c >= '0' && c <= '3' ? FOUND[c - '0'] : Optional.empty();
        }
        // ASCII only: Unicode case mapping would let look-alikes such as a dotless i through.
        for (Category c : BY_CODE) {
            if (equalsIgnoreAsciiCase(c.name(), text, from, to)) {
                return FOUND[c.ordinal()];
            }
        }
        return Optional.empty();
    }

    private static boolean equalsIgnoreAsciiCase(String upper, String text, int from, int to) {
        if (upper.length() != to - from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            char u = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (u != upper.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }
}
