package org.lustrecollector.kernellog;

import org.lustrecollector.kernellog.ConsoleMessageParser.Recognised;
import org.lustrecollector.trap.Trap;

/** A recognised message whose trap may still change: see {@link KernelLogIngest}. */
final class PendingTrap {
    private final String id;
    private final KernelLogLineParser.Entry entry;
    private final Recognised message;
    private boolean lbug;
    private long similar;

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

    void addSimilar(long count) {
        similar += count;
    }

    Trap toTrap() {
        LustreDevice device = message.device().isEmpty()
                ? new LustreDevice("", entry.host())
                : LustreDevice.of(message.device());
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
        if (similar > 0) {
            text.append(" (+").append(similar).append(" similar)");
        }
        return new Trap(id, entry.time(), message.event().category(), device.fsName(), device.node(), text.toString());
    }
}
