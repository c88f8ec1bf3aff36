package org.lustrecollector.lustre;

import java.util.List;
import java.util.Locale;

import org.lustrecollector.api.Category;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.Trap;

/**
 * The traps the collector raises about the Lustre state. Ids come from {@link TrapIds}: unique per event
 * whatever the wall clock does, but not the same on the two MDSs of a pair, which observe a target
 * through their own connections at their own times ({@code docs/lustre-state.md}, "Trap ids").
 */
final class StateTraps {
    /** The Info "space back" trap needs this many percentage points above the threshold, against flapping. */
    static final double SPACE_HYSTERESIS = 1.0;

    private final TrapIds ids;
    private final String host;
    private final double spaceWarnPercent;
    private final double inodeWarnPercent;

    StateTraps(TrapIds ids, double spaceWarnPercent, double inodeWarnPercent) {
        this.ids = ids;
        this.host = ids.host();
        this.spaceWarnPercent = spaceWarnPercent;
        this.inodeWarnPercent = inodeWarnPercent;
    }

    String host() {
        return host;
    }

    /** A confirmed change of a node's condition; {@code before} null for a node seen for the first time. */
    Trap condition(NodeStatus node, Condition before, long now) {
        Condition after = node.condition();
        String detail = " (" + node.state() + " in " + node.signal()
                + (node.nid().isEmpty() ? "" : ", NID " + node.nid()) + ")";
        if (after == Condition.NOT_RESPONDING) {
            return trap(node, "down", Category.CRITICAL, node.name() + " is not responding" + detail, now);
        }
        if (after == Condition.DEACTIVATED) {
            return trap(node, "deactivated", Category.INFO, node.name() + " was deactivated by an administrator"
                    + detail, now);
        }
        if (before == Condition.DEACTIVATED) {
            return trap(node, "reactivated", Category.INFO, node.name() + " was reactivated and responds" + detail, now);
        }
        return trap(node, "up", Category.INFO, node.name() + " responds again" + detail, now);
    }

    /** Whether an OST's or MDT's available space is now below the threshold (true), back above it (false), or neither (null). */
    Boolean spaceLow(NodeStatus node, boolean wasLow) {
        return low(node, node.space().availPercent(), spaceWarnPercent, wasLow);
    }

    /** The same for free inodes (an OST's objects, an MDT's inodes). */
    Boolean inodesLow(NodeStatus node, boolean wasLow) {
        return low(node, node.space().filesFreePercent(), inodeWarnPercent, wasLow);
    }

    /** A node that does not respond keeps the flag it had: its values are the last cached ones, or none. */
    private static Boolean low(NodeStatus node, double percent, double threshold, boolean wasLow) {
        if (percent < 0 || !node.responding()) {
            return null;
        }
        if (!wasLow && percent < threshold) {
            return Boolean.TRUE;
        }
        if (wasLow && percent >= threshold + SPACE_HYSTERESIS) {
            return Boolean.FALSE;
        }
        return null;
    }

    Trap space(NodeStatus node, boolean low, long now) {
        String percent = String.format(Locale.ROOT, "%.1f%%", node.space().availPercent());
        String threshold = String.format(Locale.ROOT, "%s%%", trim(spaceWarnPercent));
        return low
                ? trap(node, "space-low", Category.WARNING, node.name() + ": available space " + percent + " of "
                        + node.space().kbytesTotal() + " KiB, below " + threshold, now)
                : trap(node, "space-ok", Category.INFO, node.name() + ": available space back to " + percent
                        + ", above " + threshold, now);
    }

    Trap inodes(NodeStatus node, boolean low, long now) {
        String percent = String.format(Locale.ROOT, "%.1f%%", node.space().filesFreePercent());
        String threshold = String.format(Locale.ROOT, "%s%%", trim(inodeWarnPercent));
        return low
                ? trap(node, "inodes-low", Category.WARNING, node.name() + ": free inodes " + percent + " of "
                        + node.space().filesTotal() + ", below " + threshold, now)
                : trap(node, "inodes-ok", Category.INFO, node.name() + ": free inodes back to " + percent
                        + ", above " + threshold, now);
    }

    /** prealloc_status shows a precreate error other than ENOSPC and the connection states. */
    Trap createError(NodeStatus node, int rc, long now) {
        return trap(node, "create-failed", Category.CRITICAL, node.name() + ": this MDT cannot create objects: rc = "
                + rc + " (prealloc_status)", now);
    }

    Trap createRecovered(NodeStatus node, long now) {
        return trap(node, "create-ok", Category.INFO, node.name() + ": object creation works again (prealloc_status "
                + node.prealloc() + ")", now);
    }

    /** A local MDT entered recovery ({@code r.inProgress()}) or left it. */
    Trap recovery(TargetName mdt, Recovery r, long now) {
        String name = mdt.name();
        if (r.inProgress()) {
            String detail = r.status().equals("RECOVERING")
                    ? ": " + count(r.clients()) + " clients to recover, " + count(r.evicted()) + " evicted so far, "
                            + count(r.remaining()) + " s left at most"
                    : " (" + r.status() + ")";
            return new Trap(ids.next(name, "recovery"), now, Category.WARNING, mdt.fsName(), name,
                    name + " is in recovery" + detail);
        }
        String detail = r.status().equals("COMPLETE")
                ? " after " + count(r.duration()) + " s: " + count(r.completed()) + " of " + count(r.clients())
                        + " clients recovered, " + count(r.evicted()) + " evicted"
                : " (" + r.status() + ")";
        return new Trap(ids.next(name, "recovered"), now, Category.INFO, mdt.fsName(), name,
                name + ": recovery over" + detail);
    }

    private static String count(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    /** One trap per filesystem served here (one with no filesystem when there is none), with this host as node. */
    List<Trap> health(HealthCheck health, List<String> fileSystems, long now) {
        Category category = switch (health) {
            case HEALTHY -> Category.INFO;
            case NOT_HEALTHY -> Category.CRITICAL;
            case LBUG -> Category.FATAL;
        };
        String message = health == HealthCheck.HEALTHY ? host + ": health_check is healthy again"
                : host + ": health_check reports " + health.text();
        String event = "health-" + health.name().toLowerCase(Locale.ROOT).replace('_', '-');
        List<String> targets = fileSystems.isEmpty() ? List.of("") : fileSystems;
        return targets.stream()
                .map(fs -> new Trap(ids.next(fs.isEmpty() ? host : fs, event), now, category, fs, host, message))
                .toList();
    }

    private Trap trap(NodeStatus node, String event, Category category, String message, long now) {
        return new Trap(ids.next(node.name(), event), now, category, node.fsName(), node.name(), message);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
