package org.lustrecollector.kernellog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises Lustre console messages, in the wording of 2.12–2.15 and of 2.16 (which dropped the
 * {@code 11-0: }, {@code 166-1: }, {@code 167-0: } codes).
 *
 * <p>A console message is {@code Lustre: } or {@code LustreError: } (LNet's: {@code LNet: },
 * {@code LNetError: }), then up to 2.15 an optional {@code <code>-<checksum>: }, then for messages of the
 * debug log an optional {@code <pid>:<extpid>:(<file>:<line>:<function>()) }, then the text. The prefix,
 * code and pid are dropped; the source location is kept.
 */
final class ConsoleMessageParser {

    sealed interface ConsoleLine permits NotConsole, Uninteresting, Skipped, Recognised {
    }

    /** Not a Lustre or LNet console message (another kernel subsystem, a stack trace line). */
    enum NotConsole implements ConsoleLine { LINE }

    /** A Lustre or LNet console message that is not worth a trap. */
    enum Uninteresting implements ConsoleLine { LINE }

    /** {@code Skipped N previous similar message(s)}: rate limiting, refers to the message before it. */
    record Skipped(long count) implements ConsoleLine {
    }

    /**
     * @param device   the device the message names, empty when it names none
     * @param location {@code file.c:123:function()} for messages of the debug log, else empty
     * @param text     the message without prefix, code and location
     */
    record Recognised(ConsoleEvent event, String device, String location, String text) implements ConsoleLine {
    }

    private static final Pattern CONSOLE_CODE = Pattern.compile("[0-9a-f]+-[0-9a-f]+: ");
    private static final Pattern LOCATION = Pattern.compile("\\d+:\\d+:\\(([^()\\s]+:\\d+:[^()\\s]*\\(\\))\\) ");
    private static final Pattern SKIPPED = Pattern.compile("Skipped (\\d{1,18}) previous similar messages?\\s*");
    private static final Pattern LOST = Pattern.compile("(\\S+): Connection to \\S+ \\(at \\S+\\) was lost;.*");
    private static final Pattern RESTORED = Pattern.compile("(\\S+): Connection restored to \\S+ \\(at \\S+\\).*");
    private static final Pattern OPERATION_FAILED =
            Pattern.compile("(\\S+): operation \\S+ to node \\S+ failed: rc = -?\\d+.*");
    private static final Pattern EVICTED = Pattern.compile("(\\S+): This client was evicted by \\S+;.*");
    private static final Pattern UNHEALTHY = Pattern.compile("(?:(\\S+): device reported unhealthy|device (\\S+) reported unhealthy).*");
    private static final Pattern LEADING_DEVICE = Pattern.compile("(\\S+): .*");

    ConsoleLine parse(String message) {
        boolean error;
        boolean lnet = false;
        int at;
        if (message.startsWith("LustreError: ")) {
            error = true;
            at = "LustreError: ".length();
        } else if (message.startsWith("Lustre: ")) {
            error = false;
            at = "Lustre: ".length();
        } else if (message.startsWith("LNetError: ") || message.startsWith("LNet: ")) {
            error = false;
            lnet = true;
            at = message.indexOf(' ') + 1;
        } else {
            return NotConsole.LINE;
        }
        Matcher code = CONSOLE_CODE.matcher(message).region(at, message.length());
        if (code.lookingAt()) {
            at = code.end();
        }
        String location = "";
        Matcher debug = LOCATION.matcher(message).region(at, message.length());
        if (debug.lookingAt()) {
            location = debug.group(1);
            at = debug.end();
        }
        String text = message.substring(at).strip();
        Matcher skipped = SKIPPED.matcher(text);
        if (skipped.matches()) {
            return new Skipped(Long.parseLong(skipped.group(1)));
        }
        if (lnet) {
            return Uninteresting.LINE;
        }
        return recognise(text, location, error);
    }

    private static ConsoleLine recognise(String text, String location, boolean error) {
        Matcher m;
        if ((m = LOST.matcher(text)).matches()) {
            return new Recognised(ConsoleEvent.CONNECTION_LOST, m.group(1), location, text);
        }
        if ((m = RESTORED.matcher(text)).matches()) {
            return new Recognised(ConsoleEvent.CONNECTION_RESTORED, m.group(1), location, text);
        }
        if ((m = OPERATION_FAILED.matcher(text)).matches()) {
            return new Recognised(ConsoleEvent.OPERATION_FAILED, m.group(1), location, text);
        }
        if ((m = EVICTED.matcher(text)).matches()) {
            return new Recognised(ConsoleEvent.EVICTED, m.group(1), location, text);
        }
        if (text.startsWith("ASSERTION(")) {
            return new Recognised(ConsoleEvent.ASSERTION, "", location, text);
        }
        if (text.equals("LBUG")) {
            return new Recognised(ConsoleEvent.LBUG, "", location, text);
        }
        if ((m = UNHEALTHY.matcher(text)).matches()) {
            return new Recognised(ConsoleEvent.UNHEALTHY, m.group(1) != null ? m.group(1) : m.group(2), location, text);
        }
        if (error) {
            return new Recognised(ConsoleEvent.OTHER_ERROR, leadingDevice(text), location, text);
        }
        return Uninteresting.LINE;
    }

    /**
     * The {@code <name>: } an error message starts with, when it is a Lustre device or target name;
     * empty otherwise (e.g. {@code Failed to get MGS log …}).
     */
    private static String leadingDevice(String text) {
        Matcher m = LEADING_DEVICE.matcher(text);
        if (!m.matches()) {
            return "";
        }
        String name = m.group(1);
        boolean lustreName = !LustreDevice.of(name).fsName().isEmpty() || name.startsWith("MGC") || name.equals("MGS");
        return lustreName ? name : "";
    }
}
