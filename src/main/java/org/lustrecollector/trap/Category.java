package org.lustrecollector.trap;

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

    /**
     * {@link #parse(String)} of {@code text.substring(from, to)}, without making the substring: the trap
     * file parser calls it once per line.
     */
    public static Optional<Category> parse(String text, int from, int to) {
        int n = to - from;
        if (n == 1) {
            char c = text.charAt(from);
            return c >= '0' && c <= '3' ? FOUND[c - '0'] : Optional.empty();
        }
        for (Category c : BY_CODE) {
            String name = c.name();
            if (name.length() == n && text.startsWith(name, from)) {
                return FOUND[c.ordinal()];
            }
        }
        return parse(text.substring(from, to));
    }

    /** Accepts {@code 0}-{@code 3} or a name in any case; empty when the text is neither. */
    public static Optional<Category> parse(String text) {
        // The names as the trap file normally has them first: a storm parses one per line.
        switch (text) {
            case "0", "INFO" -> {
                return FOUND[0];
            }
            case "1", "WARNING" -> {
                return FOUND[1];
            }
            case "2", "CRITICAL" -> {
                return FOUND[2];
            }
            case "3", "FATAL" -> {
                return FOUND[3];
            }
            default -> {
                // Any other case; ASCII only: Unicode case mapping would let look-alikes such as a dotless i through.
                for (Category c : BY_CODE) {
                    if (equalsIgnoreAsciiCase(c.name(), text)) {
                        return FOUND[c.ordinal()];
                    }
                }
                return Optional.empty();
            }
        }
    }

    private static boolean equalsIgnoreAsciiCase(String upper, String text) {
        if (upper.length() != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char u = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (u != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
