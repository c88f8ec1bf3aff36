package org.lustrecollector.kernellog;

import org.lustrecollector.trap.DecimalDigits;

/**
 * Recognises Lustre console messages, in the wording of 2.12–2.15 and of 2.16 (which dropped the
 * {@code 11-0: }, {@code 166-1: }, {@code 167-0: } codes), and the ldiskfs backend's errors.
 *
 * <p>A console message is {@code Lustre: } or {@code LustreError: } (LNet's: {@code LNet: },
 * {@code LNetError: }), then up to 2.15 an optional {@code <code>-<checksum>: }, then for messages of the
 * debug log an optional {@code <pid>:<extpid>:(<file>:<line>:<function>()) }, then the text. The prefix,
 * code and pid are dropped; the source location is kept. ldiskfs messages are the kernel's ext4 messages
 * with {@code LDISKFS-fs} for {@code EXT4-fs} and are kept whole.
 *
 * <p>Called once per kernel-log line, storms included: matching is done with {@code startsWith} and
 * {@code indexOf} on the fixed words of each message, without regular expressions.
 */
final class ConsoleMessageParser {
    private static final String LUSTRE_ERROR = "LustreError";
    private static final String LUSTRE = "Lustre";
    private static final String LNET_ERROR = "LNetError";
    private static final String LNET = "LNet";
    private static final String LDISKFS = "LDISKFS-fs";
    private static final String SKIPPED = "Skipped ";
    private static final String LOCK_CALLBACK_EXPIRED = "### lock callback timer expired after ";
    private static final String NAMESPACE = " ns: ";

    sealed interface ConsoleLine permits NotConsole, Uninteresting, Skipped, Recognised {
    }

    /** Not a Lustre, LNet or ldiskfs console message (another kernel subsystem, a stack trace line). */
    enum NotConsole implements ConsoleLine { LINE }

    /** A Lustre, LNet or ldiskfs console message that is not worth a trap. */
    enum Uninteresting implements ConsoleLine { LINE }

    /**
     * What Lustre prints before a message's text: the prefix word ({@code LustreError}, {@code Lustre},
     * {@code LNetError}, {@code LNet}, {@code LDISKFS-fs}) and, for messages of the debug log, the source
     * location {@code file.c:123:function()} (else empty). A {@code Skipped} line repeats the header of the
     * message it follows.
     */
    record Header(String prefix, String location) {
    }

    /**
     * {@code Skipped N previous similar message(s)}: N messages of the call site of the message just
     * printed with the same header were suppressed before that message.
     */
    record Skipped(long count, Header header) implements ConsoleLine {
    }

    /**
     * @param device the device, target, NID or address whose filesystem and node the trap gets
     *               ({@link LustreDevice}); empty for "this host"
     * @param text   the message without prefix, code and location (ldiskfs messages whole)
     */
    record Recognised(ConsoleEvent event, String device, Header header, String text) implements ConsoleLine {
        String location() {
            return header.location();
        }
    }

    ConsoleLine parse(String message) {
        if (message.startsWith(LDISKFS)) {
            return ldiskfs(message);
        }
        String prefix;
        if (message.startsWith(LUSTRE_ERROR + ": ")) {
            prefix = LUSTRE_ERROR;
        } else if (message.startsWith(LUSTRE + ": ")) {
            prefix = LUSTRE;
        } else if (message.startsWith(LNET_ERROR + ": ")) {
            prefix = LNET_ERROR;
        } else if (message.startsWith(LNET + ": ")) {
            prefix = LNET;
        } else {
            return NotConsole.LINE;
        }
        int at = afterConsoleCode(message, prefix.length() + 2);
        String location = "";
        int locationEnd = locationEnd(message, at);
        if (locationEnd > 0) {
            location = message.substring(message.indexOf('(', at) + 1, locationEnd - 2);
            at = locationEnd;
        }
        String text = message.substring(at).strip();
        Header header = new Header(prefix, location);
        long skipped = skippedCount(text);
        if (skipped >= 0) {
            return new Skipped(skipped, header);
        }
        return switch (prefix) {
            case LNET_ERROR -> new Recognised(ConsoleEvent.LNET_ERROR, lnetPeer(text), header, text);
            case LNET -> isWatchdog(text)
                    ? new Recognised(ConsoleEvent.SERVICE_THREAD_INACTIVE, "", header, text) : Uninteresting.LINE;
            default -> lustre(text, header, prefix.equals(LUSTRE_ERROR));
        };
    }

    private static ConsoleLine lustre(String text, Header header, boolean error) {
        if (text.startsWith("ASSERTION(")) {
            return new Recognised(ConsoleEvent.ASSERTION, "", header, text);
        }
        if (text.equals("LBUG")) {
            return new Recognised(ConsoleEvent.LBUG, "", header, text);
        }
        if (text.startsWith(LOCK_CALLBACK_EXPIRED) && text.indexOf(": evicting client at ") > 0) {
            return new Recognised(ConsoleEvent.LOCK_CALLBACK_EVICTION, namespaceTarget(text), header, text);
        }
        // 2.16: '<service>' is processing requests too slowly, …
        if (text.startsWith("'") && text.indexOf("' is processing requests too slowly", 1) > 0) {
            return new Recognised(ConsoleEvent.SERVICE_OVERLOADED, "", header, text);
        }
        int colon = leadingNameEnd(text);
        if (colon > 0) {
            ConsoleEvent event = deviceEvent(text, colon + 2);
            if (event != null) {
                // A thread's or service's name (mdt00_002, mdt_readpage) is no device: such traps are this host's.
                boolean named = event != ConsoleEvent.SERVICE_THREAD_INACTIVE && event != ConsoleEvent.SERVICE_OVERLOADED;
                return new Recognised(event, named ? text.substring(0, colon) : "", header, text);
            }
        }
        if (error) {
            return new Recognised(ConsoleEvent.OTHER_ERROR, colon > 0 ? lustreName(text.substring(0, colon)) : "", header,
                    text);
        }
        return Uninteresting.LINE;
    }

    /**
     * 2.12's watchdog ({@code libcfs/libcfs/watchdog.c}, so with LNet's prefix): {@code Service thread pid N
     * was inactive for …}, naming no device.
     */
    private static boolean isWatchdog(String text) {
        return text.startsWith("Service thread pid ") && text.indexOf(" was inactive for ") > 0;
    }

    /** The event of a {@code <name>: <rest>} message whose rest starts at {@code r}; null when none. */
    private static ConsoleEvent deviceEvent(String text, int r) {
        if (text.startsWith("Connection to ", r) && text.indexOf(") was lost; ", r) > 0) {
            return ConsoleEvent.CONNECTION_LOST;
        }
        if (text.startsWith("Connection restored to ", r)) {
            return ConsoleEvent.CONNECTION_RESTORED;
        }
        if (text.startsWith("operation ", r) && text.indexOf(" failed: rc = ", r) > 0) {
            return ConsoleEvent.OPERATION_FAILED;
        }
        if (text.startsWith("This client was evicted by ", r)) {
            return ConsoleEvent.EVICTED;
        }
        if (text.startsWith("haven't heard from client ", r) && text.indexOf("I am evicting it", r) > 0) {
            return ConsoleEvent.CLIENT_EVICTED;
        }
        if (text.startsWith("recovery is timed out, evict stale exports", r)) {
            return ConsoleEvent.RECOVERY_TIMED_OUT;
        }
        if (text.startsWith("Recovery over after ", r)) {
            return evictedClients(text, r) > 0 ? ConsoleEvent.RECOVERY_OVER_WITH_EVICTIONS : ConsoleEvent.RECOVERY_OVER;
        }
        if (text.startsWith("Denying connection for new client ", r)) {
            return text.indexOf(" already passed deadline ", r) > 0
                    ? ConsoleEvent.NEW_CLIENT_DENIED_PAST_DEADLINE : ConsoleEvent.NEW_CLIENT_DENIED;
        }
        if (text.startsWith("service thread pid ", r) && text.indexOf(" was inactive for ", r) > 0) {
            return ConsoleEvent.SERVICE_THREAD_INACTIVE;
        }
        if (text.startsWith("This server is not able to keep up with request traffic", r)) {
            return ConsoleEvent.SERVICE_OVERLOADED;
        }
        if (text.startsWith("device reported unhealthy", r)) {
            return ConsoleEvent.UNHEALTHY;
        }
        return null;
    }

    /** {@code … of N clients N recovered and E was/were evicted.}: E, or -1 when the text is not so. */
    private static long evictedClients(String text, int from) {
        String marker = " recovered and ";
        int at = text.indexOf(marker, from);
        if (at < 0) {
            return -1;
        }
        int start = at + marker.length();
        int end = text.indexOf(' ', start);
        return end < 0 ? -1 : DecimalDigits.parse(text, start, end);
    }

    /**
     * The target of an LDLM lock's namespace, {@code ns: mdt-<fs>-MDT<index>_UUID} ({@code "%s-%s"} of
     * {@code mdt} or {@code filter} and the target's UUID); other namespaces ({@code MGS}) as they are.
     */
    private static String namespaceTarget(String text) {
        int at = text.indexOf(NAMESPACE);
        if (at < 0) {
            return "";
        }
        int start = at + NAMESPACE.length();
        int end = text.indexOf(' ', start);
        String namespace = text.substring(start, end < 0 ? text.length() : end);
        for (String type : new String[] {"mdt-", "filter-"}) {
            if (namespace.startsWith(type)) {
                return namespace.substring(type.length());
            }
        }
        return namespace;
    }

    /**
     * The peer an {@code LNetError} line is about: the address a refused connection came from, else the
     * first NID ({@code <address>@<net>}) the line names; empty when it names none.
     */
    private static String lnetPeer(String text) {
        String refused = "Refusing connection from ";
        if (text.startsWith(refused)) {
            int end = text.indexOf(' ', refused.length());
            return end < 0 ? "" : text.substring(refused.length(), end);
        }
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > 0 && isNidAddressChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            if (end < text.length() && text.charAt(end) >= 'a' && text.charAt(end) <= 'z') {
                while (end < text.length() && isNetChar(text.charAt(end))) {
                    end++;
                }
                if (start < at) {
                    return text.substring(start, end);
                }
            }
        }
        return "";
    }

    private static boolean isNidAddressChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == ':';
    }

    private static boolean isNetChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
    }

    /** ldiskfs errors, warnings and the read-only remount; its other messages (mounts) make no trap. */
    private static ConsoleLine ldiskfs(String message) {
        String text = message.strip();
        Header header = new Header(LDISKFS, "");
        if (text.startsWith(LDISKFS + " error (device ")) {
            return new Recognised(ConsoleEvent.LDISKFS_ERROR, "", header, text);
        }
        if (text.startsWith(LDISKFS + " warning (device ")) {
            return new Recognised(ConsoleEvent.LDISKFS_WARNING, "", header, text);
        }
        if (text.startsWith(LDISKFS + " (") && text.endsWith("): Remounting filesystem read-only")) {
            return new Recognised(ConsoleEvent.LDISKFS_READ_ONLY, "", header, text);
        }
        return text.startsWith(LDISKFS + " ") ? Uninteresting.LINE : NotConsole.LINE;
    }

    /** Index after an optional {@code <hex>-<hex digit>: } console code at {@code at} (≤2.15). */
    private static int afterConsoleCode(String message, int at) {
        int i = at;
        while (i < message.length() && i - at < 4 && isLowerHex(message.charAt(i))) {
            i++;
        }
        if (i == at || i + 3 >= message.length() || message.charAt(i) != '-' || !isLowerHex(message.charAt(i + 1))
                || !message.startsWith(": ", i + 2)) {
            return at;
        }
        return i + 4;
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /**
     * Index after a {@code <pid>:<extpid>:(<file>:<line>:<function>()) } at {@code at}, or -1 when there is
     * none there; the location is what lies between the parentheses.
     */
    private static int locationEnd(String message, int at) {
        int i = digitsEnd(message, at);
        if (i == at || i >= message.length() || message.charAt(i) != ':') {
            return -1;
        }
        int j = digitsEnd(message, i + 1);
        if (j == i + 1 || !message.startsWith(":(", j)) {
            return -1;
        }
        int open = j + 2;
        int close = message.indexOf("()) ", open);
        if (close <= open) {
            return -1;
        }
        for (int k = open; k < close; k++) {
            char c = message.charAt(k);
            if (c == ' ' || c == '(' || c == ')') {
                return -1;
            }
        }
        return close + 4;
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** N of {@code Skipped N previous similar message[s]}, -1 for any other text. */
    private static long skippedCount(String text) {
        if (!text.startsWith(SKIPPED)) {
            return -1;
        }
        int end = digitsEnd(text, SKIPPED.length());
        String rest = text.substring(end);
        if (!rest.equals(" previous similar messages") && !rest.equals(" previous similar message")) {
            return -1;
        }
        return DecimalDigits.parse(text, SKIPPED.length(), end);
    }

    /** Index of the {@code ": "} after the first word of the text, or -1 when the first word does not end so. */
    private static int leadingNameEnd(String text) {
        int colon = text.indexOf(": ");
        if (colon <= 0) {
            return -1;
        }
        for (int i = 0; i < colon; i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return -1;
            }
        }
        return colon;
    }

    /**
     * The name, when it is a Lustre device or target name ({@code lustre-OST0000-osc-MDT0000},
     * {@code MGC10.0.0.1@o2ib}, {@code MGS}); empty otherwise (the first word of {@code Failed to get …}).
     */
    private static String lustreName(String name) {
        boolean lustreName = !LustreDevice.of(name).fsName().isEmpty() || name.startsWith("MGC") || name.equals("MGS");
        return lustreName ? name : "";
    }
}
