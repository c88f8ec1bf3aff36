package org.lustrecollector.kernellog;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

import org.lustrecollector.trap.DecimalDigits;

/**
 * Turns the timestamps of kernel-log lines into epoch seconds; -1 when the text is not such a timestamp.
 *
 * <ul>
 *   <li>dmesg: seconds since boot ({@code 12345.678901}), added to the boot time; without a known boot
 *       time, the time of reading.</li>
 *   <li>dmesg -T ({@code Fri Oct  6 11:33:01 2023}): local time, as dmesg prints it with {@code ctime()}'s
 *       layout.</li>
 *   <li>Traditional syslog ({@code Nov 27 04:25:04}, optionally with a fraction): local time without a
 *       year. The year is this year, or the last one when this year would put the line more than a day
 *       in the future (a December line read in January).</li>
 *   <li>ISO 8601 / RFC 5424 ({@code 2024-11-27T04:25:04.123456+01:00}, {@code …+0100}, {@code …Z}); local
 *       time when the offset is missing.</li>
 * </ul>
 */
final class LogTimestamps {
    private static final String[] WEEKDAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    private static final long DAY_SECONDS = 86_400;
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /** {@code 2026-12-02T02:20:00}: the characters of an ISO stamp up to its seconds. */
    private static final int SECOND_END = 19;

    private final Optional<BootTime> boot;
    private final ZoneId zone;
    private final InstantSource clock;
    /** The last ISO stamp parsed, immutable, so that the cache stays right on any thread. */
    private volatile ParsedSecond lastIso;

    private record ParsedSecond(String text, long seconds) {
    }

    LogTimestamps(Optional<BootTime> boot, ZoneId zone, InstantSource clock) {
        this.boot = boot;
        this.zone = zone;
        this.clock = clock;
    }

    /** {@code seconds.micros}, as inside dmesg's brackets (leading spaces already removed). */
    long dmesg(String text) {
        int dot = text.indexOf('.');
        if (dot < 1 || dot == text.length() - 1) {
            return -1;
        }
        long seconds = DecimalDigits.parse(text, 0, dot);
        long fraction = DecimalDigits.parse(text, dot + 1, text.length());
        int fractionDigits = text.length() - dot - 1;
        if (seconds < 0 || fraction < 0 || fractionDigits > 9) {
            return -1;
        }
        if (boot.isEmpty()) {
            return clock.instant().getEpochSecond();
        }
        long micros = fractionDigits <= 6 ? fraction * pow10(6 - fractionDigits) : fraction / pow10(fractionDigits - 6);
        return boot.get().epochSecondAfter(seconds, micros);
    }

    /**
     * {@code Www Mmm dd hh:mm:ss yyyy} with the day space-padded, as {@code dmesg -T} (util-linux) prints
     * the boot time plus the stamp, in this machine's local time.
     */
    long dmesgLocal(String text) {
        if (text.length() != 24 || text.charAt(3) != ' ' || text.charAt(19) != ' ' || indexOf(WEEKDAYS, text, 0) < 0) {
            return -1;
        }
        long year = DecimalDigits.parse(text, 20, 24);
        return year < 0 ? -1 : localTime(text, 4, (int) year);
    }

    /** {@code Mmm dd hh:mm:ss} with the day space-padded, and an optional {@code .fraction}. */
    long syslog(String text) {
        if (text.length() > 15 && (text.charAt(15) != '.' || DecimalDigits.parse(text, 16, text.length()) < 0)) {
            return -1;
        }
        Instant now = clock.instant();
        int year = now.atZone(zone).getYear();
        long time = localTime(text, 0, year);
        if (time != -1 && time - now.getEpochSecond() > DAY_SECONDS) {
            time = localTime(text, 0, year - 1);
        }
        return time;
    }

    /** {@code Mmm dd hh:mm:ss} at {@code at} in the given year, local time; -1 when it is no such time. */
    private long localTime(String text, int at, int year) {
        if (text.length() < at + 15 || text.charAt(at + 3) != ' ' || text.charAt(at + 6) != ' '
                || text.charAt(at + 9) != ':' || text.charAt(at + 12) != ':') {
            return -1;
        }
        int month = indexOf(MONTHS, text, at) + 1;
        long day = DecimalDigits.parse(text, text.charAt(at + 4) == ' ' ? at + 5 : at + 4, at + 6);
        long hour = DecimalDigits.parse(text, at + 7, at + 9);
        long minute = DecimalDigits.parse(text, at + 10, at + 12);
        long second = DecimalDigits.parse(text, at + 13, at + 15);
        if (month < 1 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        try {
            return ZonedDateTime.of(year, month, (int) day, (int) hour, (int) minute, (int) second, 0, zone)
                    .toEpochSecond();
        } catch (DateTimeException e) {
            // 29 February of a year without one, 31 April, hour 25...
            return -1;
        }
    }

    /**
     * ISO 8601 date and time, with or without an offset. The lines of a burst share their second: a stamp
     * of the same second and offset as the last one parsed (whatever its fraction) gives that one's value
     * without the formatter, the costliest step of reading a console line (docs/benchmarks.md, Performance log).
     */
    long iso(String text) {
        ParsedSecond last = lastIso;
        if (last != null && sameSecond(text, last.text())) {
            return last.seconds();
        }
        long seconds = parseIso(text);
        lastIso = new ParsedSecond(text, seconds);
        return seconds;
    }

    /** Whether two stamps have the same characters but for the digits of the fraction after the seconds. */
    static boolean sameSecond(String a, String b) {
        if (a.length() < SECOND_END || b.length() < SECOND_END || !a.regionMatches(0, b, 0, SECOND_END)) {
            return false;
        }
        int restA = afterFraction(a);
        int restB = afterFraction(b);
        int rest = a.length() - restA;
        return rest == b.length() - restB && a.regionMatches(restA, b, restB, rest);
    }

    private static int afterFraction(String stamp) {
        int at = SECOND_END;
        if (at < stamp.length() && stamp.charAt(at) == '.') {
            at++;
            while (at < stamp.length() && stamp.charAt(at) >= '0' && stamp.charAt(at) <= '9') {
                at++;
            }
        }
        return at;
    }

    private long parseIso(String text) {
        try {
            TemporalAccessor parsed = ISO.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toEpochSecond();
            }
            return ((LocalDateTime) parsed).atZone(zone).toEpochSecond();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** Index of the three-letter name at {@code text[at, at + 3)} in {@code names}, -1 when none. */
    private static int indexOf(String[] names, String text, int at) {
        for (int i = 0; i < names.length; i++) {
            if (text.startsWith(names[i], at)) {
                return i;
            }
        }
        return -1;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
