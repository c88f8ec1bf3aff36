package org.lustrecollector.monitor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of event a trap is, for Alertmanager: its alertname and whether it starts a condition, ends one
 * or is a one-shot event (docs/alerting.md, "Alerts").
 *
 * <p>The collector's own traps carry their event in the id, {@code <host>:<subject>:<event>:<run>-<n>}
 * (docs/api.md, "Trap ids"); the kind is taken from that event. Other traps (the trap file's, the kernel
 * log's {@code kl-} ids) are classified by their message, as Lustre writes it.
 *
 * @param alertname  the alert's name, e.g. {@code LustreTargetDown}
 * @param transition whether the trap starts the alert's condition, ends it or is an event of its own
 * @param ends       for {@link Transition#RESOLVES}, every alertname the trap resolves
 */
public record AlertKind(String alertname, Transition transition, List<String> ends) {
    /** How a trap changes its alert. */
    public enum Transition {
        /** Starts a condition that lasts until the matching resolving trap. */
        FIRES,
        /** Ends the conditions named in {@link AlertKind#ends()}. */
        RESOLVES,
        /** An event of its own: fires for --alert-duration, then ends by itself. */
        ONE_SHOT,
        /**
         * An outage's summary or recovery trap: no alert of its own, the relay's outage alert (from
         * getOutages, {@link OutageAlerts}) stands for it.
         */
        SUMMARISED
    }

    /** The collector's own ids: host, subject, event, then the run (hex) and a count. */
    private static final Pattern COLLECTOR_ID = Pattern.compile("^([^:]+):(.+):([a-z-]+):([0-9a-f]+)-([0-9]+)$");

    static final String TARGET_DOWN = "LustreTargetDown";
    static final String TARGET_DEACTIVATED = "LustreTargetDeactivated";
    static final String SPACE_LOW = "LustreSpaceLow";
    static final String INODES_LOW = "LustreInodesLow";
    static final String NOT_HEALTHY = "LustreNotHealthy";
    static final String LBUG = "LustreLBUG";
    static final String SOURCE_STUCK = "LustreCollectorSourceStuck";
    static final String RECOVERY = "LustreRecovery";
    static final String CREATE_FAILED = "LustreCreateFailed";
    static final String CONNECTION_LOST = "LustreConnectionLost";
    static final String TRAP = "LustreTrap";

    /** The alerts of one target that name the NID it was reached at: those an outage explains. */
    static final List<String> TARGET_ALERTS = List.of(TARGET_DOWN, TARGET_DEACTIVATED, CONNECTION_LOST);

    private static AlertKind fires(String name) {
        return new AlertKind(name, Transition.FIRES, List.of());
    }

    private static AlertKind resolves(String... names) {
        return new AlertKind(names[0], Transition.RESOLVES, List.of(names));
    }

    private static AlertKind oneShot(String name) {
        return new AlertKind(name, Transition.ONE_SHOT, List.of());
    }

    /** The event of a collector's own trap id; empty for any other id. */
    static Optional<String> collectorEvent(String id) {
        Matcher m = COLLECTOR_ID.matcher(id);
        return m.matches() ? Optional.of(m.group(3)) : Optional.empty();
    }

    /** The kind of a trap, from its id's event when the collector raised it, else from its message. */
    public static AlertKind of(String id, String message) {
        Optional<String> event = collectorEvent(id);
        if (event.isPresent()) {
            AlertKind kind = ofEvent(event.get());
            if (kind != null) {
                return kind;
            }
        }
        return ofMessage(message);
    }

    private static AlertKind ofEvent(String event) {
        return switch (event) {
            case "down" -> fires(TARGET_DOWN);
            case "up" -> resolves(TARGET_DOWN);
            case "deactivated" -> fires(TARGET_DEACTIVATED);
            case "reactivated" -> resolves(TARGET_DEACTIVATED, TARGET_DOWN);
            case "space-low" -> fires(SPACE_LOW);
            case "space-ok" -> resolves(SPACE_LOW);
            case "inodes-low" -> fires(INODES_LOW);
            case "inodes-ok" -> resolves(INODES_LOW);
            case "health-not-healthy" -> fires(NOT_HEALTHY);
            case "health-lbug" -> fires(LBUG);
            case "health-healthy" -> resolves(NOT_HEALTHY, LBUG);
            case "stuck" -> fires(SOURCE_STUCK);
            case "reading" -> resolves(SOURCE_STUCK);
            case "create-failed" -> fires(CREATE_FAILED);
            case "create-ok" -> resolves(CREATE_FAILED);
            case "recovery" -> fires(RECOVERY);
            case "recovered" -> resolves(RECOVERY);
            case "server-outage", "network-outage", "server-outage-over", "network-outage-over" ->
                    new AlertKind(OutageAlerts.ALERTNAME, Transition.SUMMARISED, List.of());
            default -> null;
        };
    }

    private static AlertKind ofMessage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("lbug") || m.contains("assertion(")) {
            return oneShot(LBUG);
        }
        if (m.contains("connection to ") && m.contains(" was lost")) {
            return oneShot(CONNECTION_LOST);
        }
        if (m.contains("recovery over after ")) {
            return resolves(RECOVERY);
        }
        if (m.contains("in recovery") || m.contains("recovery is timed out") || m.contains("recovery started")) {
            return fires(RECOVERY);
        }
        if (m.contains("evict")) {
            return oneShot("LustreClientEvicted");
        }
        if (m.contains("not able to keep up") || m.contains("too slowly") || m.contains("was inactive for ")) {
            return oneShot("LustreServiceOverloaded");
        }
        return oneShot(TRAP);
    }
}
