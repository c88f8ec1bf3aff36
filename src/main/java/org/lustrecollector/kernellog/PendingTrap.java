package org.lustrecollector.kernellog;

import org.lustrecollector.kernellog.ConsoleMessageParser.Recognised;
import org.lustrecollector.kernellog.ConsoleMessageParser.Skipped;
import org.lustrecollector.trap.Trap;

/** A recognised message whose trap may still change: see {@link KernelLogIngest}. */
final class PendingTrap {
    private final String id;
    private final KernelLogLineParser.Entry entry;
    private final Recognised message;
    private boolean lbug;
    private long suppressedBefore = -1;

    PendingTrap(String id, KernelLogLineParser.Entry entry, Recognised message) {
        this.id = id;
        this.entry = entry;
        this.message = message;
    }

    /** Takes in the LBUG that ends this assertion; false for anything else. */
    boolean absorbs(Recognised next) {
        boolean ownLbug = message.event() == ConsoleEvent.ASSERTION && !lbug && next.event() == ConsoleEvent.LBUG
                && next.location().equals(message.location());
        lbug |= ownLbug;
        return ownLbug;
    }

    /**
     * Takes in the {@code Skipped N previous similar messages} line Lustre prints right after this message,
     * with the same header; false for a second one or one of another header, which belongs to a message
     * that made no trap.
     */
    boolean takes(Skipped skipped) {
        boolean own = suppressedBefore < 0 && skipped.header().equals(message.header());
        if (own) {
            suppressedBefore = skipped.count();
        }
        return own;
    }

    /** What the console line reports. */
    ConsoleEvent event() {
        return message.event();
    }

    Trap toTrap() {
        LustreDevice device = message.device().isEmpty()
                ? new LustreDevice("", entry.host())
                : LustreDevice.of(message.device());
        if (!lbug && message.location().isEmpty() && suppressedBefore <= 0) {
            // The message as Lustre printed it: most lines of a storm, kept without a copy.
            return new Trap(id, entry.time(), message.event().category(), device.fsName(), device.node(),
                    message.text());
        }
        StringBuilder text = new StringBuilder(message.text());
        if (lbug) {
            // "ASSERTION( x ) failed: " + "LBUG" reads as "ASSERTION( x ) failed; LBUG".
            if (text.charAt(text.length() - 1) == ':') {
                text.setLength(text.length() - 1);
            }
            text.append("; LBUG");
        }
        if (!message.location().isEmpty()) {
            text.append(" (at ").append(message.location()).append(')');
        }
        if (suppressedBefore > 0) {
            // Lustre counts the messages its rate limit held back at this call site before this one; they
            // may concern other devices, so they are not this trap's node's.
            text.append(suppressedBefore == 1
                    ? " (1 similar message from the same source was suppressed before this one)"
                    : " (" + suppressedBefore + " similar messages from the same source were suppressed before this one)");
        }
        return new Trap(id, entry.time(), message.event().category(), device.fsName(), device.node(), text.toString());
    }
}
