package org.lustrecollector.trap;

import java.util.Optional;

import org.lustrecollector.api.Category;

/**
 * Parses one line of the trap file: {@code id TAB time TAB category TAB fsname TAB node TAB message}.
 * Stateless and allocation-light: it is on the hot path of a trap storm.
 */
public final class TrapLineParser {
    /** How much of a bad field or line the reason quotes. */
    private static final int QUOTED_FIELD_CHARS = 40;

    /** Result of parsing one line. */
    public sealed interface Outcome permits Parsed, Ignored, Malformed {
    }

    public record Parsed(Trap trap) implements Outcome {
    }

    /** An empty line or a comment. */
    public enum Ignored implements Outcome { LINE }

    public record Malformed(String reason) implements Outcome {
    }

    static final int FIELDS = 6;
    static final int MAX_FSNAME = 8;

    public Outcome parse(String line) {
        if (line.isEmpty() || line.charAt(0) == '#' || line.isBlank()) {
            return Ignored.LINE;
        }
        int[] tabs = new int[FIELDS - 1];
        int from = 0;
        for (int i = 0; i < tabs.length; i++) {
            int tab = line.indexOf('\t', from);
            if (tab < 0) {
                return new Malformed("expected 6 TAB-separated fields, found " + (i + 1));
            }
            tabs[i] = tab;
            from = tab + 1;
        }
        String id = line.substring(0, tabs[0]);
        if (id.isEmpty() || containsWhitespace(id)) {
            return new Malformed("id is empty or contains white space");
        }
        // Time and category are read in place, so that no line of a storm makes substrings of them.
        long time = DecimalDigits.parse(line, tabs[0] + 1, tabs[1]);
        if (time < 0) {
            return new Malformed("time is not epoch seconds: '"
                    + TextLimits.abbreviate(line.substring(tabs[0] + 1, tabs[1]), QUOTED_FIELD_CHARS) + "'");
        }
        Optional<Category> category = Category.parse(line, tabs[1] + 1, tabs[2]);
        if (category.isEmpty()) {
            return new Malformed("category is not 0-3 or INFO/WARNING/CRITICAL/FATAL: '"
                    + TextLimits.abbreviate(line.substring(tabs[1] + 1, tabs[2]), QUOTED_FIELD_CHARS) + "'");
        }
        String fsName = line.substring(tabs[2] + 1, tabs[3]);
        if (!isValidFsName(fsName)) {
            return new Malformed("fsname must be 1-8 characters of [A-Za-z0-9_-]: '"
                    + TextLimits.abbreviate(fsName, QUOTED_FIELD_CHARS) + "'");
        }
        String node = line.substring(tabs[3] + 1, tabs[4]);
        if (node.isEmpty()) {
            return new Malformed("node is empty");
        }
        String message = line.substring(tabs[4] + 1);
        return new Parsed(new Trap(id, time, category.get(), fsName, node, message));
    }

    public static boolean isValidFsName(String fsName) {
        int n = fsName.length();
        if (n < 1 || n > MAX_FSNAME) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = fsName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
