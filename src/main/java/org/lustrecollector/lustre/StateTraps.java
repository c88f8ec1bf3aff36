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

    StateTraps(TrapIds ids, double spaceWarnPercent) {
        this.ids = ids;
        this.host = ids.host();
        this.spaceWarnPercent = spaceWarnPercent;
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

    /** Whether an OST's available space is now below the threshold (true), back above it (false), or neither (null). */
    Boolean spaceLow(NodeStatus node, boolean wasLow) {
        double percent = node.space().availPercent();
        if (node.type() != NodeType.OST || percent < 0 || !node.responding()) {
            return null;
        }
        if (!wasLow && percent < spaceWarnPercent) {
            return Boolean.TRUE;
        }
        if (wasLow && percent >= spaceWarnPercent + SPACE_HYSTERESIS) {
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
