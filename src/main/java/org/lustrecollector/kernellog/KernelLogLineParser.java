package org.lustrecollector.kernellog;

import org.lustrecollector.trap.DecimalDigits;
import org.lustrecollector.trap.TextLimits;

/**
 * Takes a kernel-log line apart into host, time and the kernel's message, whatever wrote the file:
 *
 * <pre>
 * [12345.678901] Lustre: …                                        dmesg, dmesg -w
 * [Fri Oct  6 11:33:01 2023] Lustre: …                            dmesg -T (local time)
 * [12345.678901] mds1 kernel: Lustre: …                           journalctl -o short-monotonic
 * Nov 27 04:25:04 mds1 kernel: Lustre: …                          rsyslog (traditional), journalctl -o short
 * Nov 27 04:25:04.123456 mds1 kernel: Lustre: …                   journalctl -o short-precise
 * 2024-11-27T04:25:04.123456+01:00 mds1 kernel: Lustre: …         rsyslog RSYSLOG_FileFormat, journalctl -o short-iso[-precise]
 * &lt;3&gt;1 2024-11-27T04:25:04.123456+01:00 mds1 kernel - - - Lustre: …  RFC 5424 (rsyslog RSYSLOG_SyslogProtocol23Format)
 * </pre>
 *
 * A syslog message may still carry the kernel's own {@code [seconds.micros] } stamp; it is dropped, the
 * syslog time is used. Lines of other programs, blank lines and journalctl's {@code -- …} banners are
 * {@link Ignored}; a line in none of these forms, or with an impossible time, is {@link Unparsable}.
 */
final class KernelLogLineParser {
    /** How much of a bad field or line the reason quotes. */
    private static final int QUOTED_LINE_CHARS = 60;
    private static final String KERNEL_TAG = "kernel";

    sealed interface Outcome permits Entry, Ignored, Unparsable {
    }

    /**
     * @param host    the host named in the line, or this host for plain dmesg lines
     * @param time    epoch seconds
     * @param message the kernel's message, e.g. {@code Lustre: lustre-OST0000-osc-MDT0000: Connection …}
     */
    record Entry(String host, long time, String message) implements Outcome {
    }

    enum Ignored implements Outcome { LINE }

    record Unparsable(String reason) implements Outcome {
    }

    private final LogTimestamps timestamps;
    private final String localHost;

    KernelLogLineParser(LogTimestamps timestamps, String localHost) {
        this.timestamps = timestamps;
        this.localHost = localHost;
    }

    Outcome parse(String line) {
        if (line.isBlank() || line.startsWith("-- ")) {
            return Ignored.LINE;
        }
        char first = line.charAt(0);
        if (first == '[') {
            return dmesg(line);
        }
        if (first == '<' || line.startsWith("1 ")) {
            return rfc5424(line);
        }
        if (first >= '0' && first <= '9') {
            int space = line.indexOf(' ');
            return space < 0 ? unparsable(line) : syslog(line, space, timestamps.iso(line.substring(0, space)));
        }
        if (first >= 'A' && first <= 'Z' && line.length() > 15) {
            int end = line.charAt(15) == '.' ? line.indexOf(' ', 15) : 15;
            return end < 0 ? unparsable(line) : syslog(line, end, timestamps.syslog(line.substring(0, end)));
        }
        return unparsable(line);
    }

    private Outcome dmesg(String line) {
        int close = line.indexOf(']');
        if (close < 0) {
            return unparsable(line);
        }
        String stamp = line.substring(1, close).stripLeading();
        boolean human = !stamp.isEmpty() && stamp.charAt(0) >= 'A' && stamp.charAt(0) <= 'Z';
        long time = human ? timestamps.dmesgLocal(stamp) : timestamps.dmesg(stamp);
        if (time < 0) {
            return new Unparsable("bad dmesg timestamp '" + line.substring(0, close + 1) + "'");
        }
        int text = close + 1 < line.length() && line.charAt(close + 1) == ' ' ? close + 2 : close + 1;
        String rest = line.substring(text);
        // journalctl -o short-monotonic puts the host and tag after the stamp.
        int space = rest.indexOf(' ');
        if (space > 0 && rest.startsWith(KERNEL_TAG + ": ", space + 1)) {
            return new Entry(rest.substring(0, space), time, rest.substring(space + 1 + KERNEL_TAG.length() + 2));
        }
        return new Entry(localHost, time, rest);
    }

    /** {@code TIMESTAMP HOST TAG: MESSAGE}, the timestamp ending at {@code end}. */
    private Outcome syslog(String line, int end, long time) {
        if (time < 0) {
            return new Unparsable("bad syslog timestamp '"
                    + TextLimits.abbreviate(line.substring(0, end), QUOTED_LINE_CHARS) + "'");
        }
        int hostEnd = line.indexOf(' ', end + 1);
        if (hostEnd < 0) {
            return new Unparsable("no host and tag after the timestamp");
        }
        if (!line.startsWith(KERNEL_TAG + ": ", hostEnd + 1)) {
            return Ignored.LINE;
        }
        return entry(line.substring(end + 1, hostEnd), time, line.substring(hostEnd + 1 + KERNEL_TAG.length() + 2));
    }

    /** {@code [<PRI>]1 TIMESTAMP HOST APP-NAME PROCID MSGID STRUCTURED-DATA MESSAGE}. */
    private Outcome rfc5424(String line) {
        int at = 0;
        if (line.charAt(0) == '<') {
            int close = line.indexOf('>');
            if (close < 2 || close > 4 || DecimalDigits.parse(line, 1, close) < 0) {
                return unparsable(line);
            }
            at = close + 1;
        }
        if (!line.startsWith("1 ", at)) {
            return unparsable(line);
        }
        String[] header = new String[5];
        at += 2;
        for (int i = 0; i < header.length; i++) {
            int space = line.indexOf(' ', at);
            if (space < 0) {
                return new Unparsable("RFC 5424 header ends early");
            }
            header[i] = line.substring(at, space);
            at = space + 1;
        }
        long time = timestamps.iso(header[0]);
        if (time < 0) {
            return new Unparsable("bad RFC 5424 timestamp '" + TextLimits.abbreviate(header[0], QUOTED_LINE_CHARS) + "'");
        }
        if (!KERNEL_TAG.equals(header[2])) {
            return Ignored.LINE;
        }
        int message = afterStructuredData(line, at);
        if (message < 0) {
            return new Unparsable("RFC 5424 structured data not closed");
        }
        String text = line.substring(Math.min(message, line.length()));
        return entry(header[1], time, text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** Index after {@code -} or the {@code [...]} elements and the space that follows; -1 when malformed. */
    private static int afterStructuredData(String line, int at) {
        if (line.startsWith("-", at)) {
            return at + 2;
        }
        int i = at;
        while (i < line.length() && line.charAt(i) == '[') {
            i++;
            while (i < line.length() && line.charAt(i) != ']') {
                i += line.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= line.length()) {
                return -1;
            }
            i++;
        }
        return i == at ? -1 : i + 1;
    }

    /** Drops a printk stamp that syslog kept in the message. */
    private static Entry entry(String host, long time, String message) {
        if (message.startsWith("[")) {
            int close = message.indexOf("] ");
            if (close > 0 && isPrintkStamp(message, close)) {
                message = message.substring(close + 2);
            }
        }
        return new Entry(host, time, message);
    }

    private static boolean isPrintkStamp(String message, int close) {
        boolean dot = false;
        for (int i = 1; i < close; i++) {
            char c = message.charAt(i);
            if (c == '.' && !dot) {
                dot = true;
            } else if (!(c >= '0' && c <= '9') && c != ' ') {
                return false;
            }
        }
        return dot;
    }

    private static Unparsable unparsable(String line) {
        return new Unparsable("not a kernel-log line in dmesg or syslog form: '"
                + TextLimits.abbreviate(line, QUOTED_LINE_CHARS) + "'");
    }
}
