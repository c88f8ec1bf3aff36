package org.lustrecollector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lustrecollector.trapfile.TrapFileMode;

/** The kinds of value options take: each turns a text into a value, or null when the text is not one. */
final class ValueParsers {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*([km])?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|sec|m|min|h|d)?", Pattern.CASE_INSENSITIVE);
    /** Entries are separated by a comma, white space, or a comma with white space around it. */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*|\\s+");

    private ValueParsers() {
    }

    static String text(String text) {
        return text.isBlank() ? null : text.trim();
    }

    static String anyText(String text) {
        return text.trim();
    }

    static Path path(String text) {
        return text.isBlank() ? null : Path.of(text.trim()).toAbsolutePath();
    }

    static Optional<Path> optionalPath(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text.trim()).toAbsolutePath());
    }

    static Double percent(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return value >= 0 && value <= 100 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Bytes from 1k to 64m, or a number with k or m (binary units). */
    static Integer size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "k" -> n * 1024;
            case "m" -> n * 1024 * 1024;
            default -> n;
        };
        return bytes >= 1024 && bytes <= 64L * 1024 * 1024 ? (int) bytes : null;
    }

    static Integer intIn(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            return value >= min && value <= max ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    static TrapFileMode mode(String text) {
        try {
            return TrapFileMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Seconds, or a number with the unit s, m, h or d, from {@code min} to {@code max}. */
    static Duration duration(String text, Duration min, Duration max) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        Duration d = switch (unit) {
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        return d.compareTo(min) < 0 || d.compareTo(max) > 0 ? null : d;
    }

    /**
     * A list of canonical addresses and CIDR ranges ({@link CanonicalCidr}); an empty entry or one that is
     * not canonical is refused by name.
     */
    static List<String> cidrList(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        List<String> ranges = new ArrayList<>();
        String[] entries = LIST_SEPARATOR.split(trimmed, -1);
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isEmpty()) {
                throw new ConfigOption.BadValue("allow entry " + (i + 1) + " of " + entries.length
                        + " is empty; expected addresses or CIDR ranges separated by commas");
            }
            ranges.add(CanonicalCidr.check(entries[i]));
        }
        return ranges;
    }
}
