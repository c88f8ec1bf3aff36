package org.lustrecollector.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alerts the relay keeps active, and what each trap makes of them. An alert is identified by its
 * alertname, filesystem and node: the same event seen by both MDSs of a pair (through two collectors, with
 * two trap ids) is one alert, whose annotations list both ids and both collectors. Stateful alerts stay
 * active until their resolving trap; one-shot ones until {@code oneShotDuration} after their last trap.
 * A target's alert ({@link AlertKind#TARGET_ALERTS}) whose first trap names the NID the target was reached
 * at ({@link TrapNid}) is labelled {@code nid} and {@code lnet}, for the inhibition rules that mute it under
 * an outage of that server or network. Outage summary traps make no alert here ({@link OutageAlerts} does).
 * Bounded: beyond {@code capacity} active alerts the oldest is let go (counted). Not thread-safe: the
 * relay holds its lock.
 */
final class AlertBook {
    /** The most trap ids and collectors an alert lists, and the longest message it carries. */
    static final int MAX_IDS = 10;
    static final int MAX_MESSAGE = 1000;

    private record Key(String alertname, String fs, String node) {
    }

    private static final class Active {
        final Key key;
        final String severity;
        final Instant startsAt;
        final boolean stateful;
        /** The NID of a target alert's first trap, empty if none: labels stay as the alert started. */
        final String nid;
        final Set<String> ids = new LinkedHashSet<>();
        final Set<String> collectors = new LinkedHashSet<>();
        String message;
        Instant lastEvent;
        Instant endsAt;

        Active(Key key, String severity, Instant startsAt, boolean stateful, String nid) {
            this.key = key;
            this.severity = severity;
            this.startsAt = startsAt;
            this.stateful = stateful;
            this.nid = nid;
        }

        void add(MonitoredTrap trap, Instant time) {
            if (ids.size() < MAX_IDS) {
                ids.add(trap.id());
            }
            if (collectors.size() < MAX_IDS) {
                collectors.add(trap.collector());
            }
            message = trap.message().length() > MAX_MESSAGE ? trap.message().substring(0, MAX_MESSAGE) + "..."
                    : trap.message();
            lastEvent = time;
        }

        Alert alert() {
            TreeMap<String, String> labels = new TreeMap<>();
            labels.put("alertname", key.alertname());
            if (!key.fs().isEmpty()) {
                labels.put("fs", key.fs());
            }
            if (!key.node().isEmpty()) {
                labels.put("node", key.node());
            }
            if (!nid.isEmpty()) {
                labels.put("nid", nid);
                labels.put("lnet", TrapNid.network(nid));
            }
            labels.put("severity", severity);
            TreeMap<String, String> annotations = new TreeMap<>();
            annotations.put("summary", message);
            annotations.put("trap_ids", String.join(" ", ids));
            annotations.put("collectors", String.join(" ", collectors));
            annotations.put("event_time", lastEvent.toString());
            return new Alert(labels, annotations, startsAt, endsAt);
        }
    }

    private final Duration oneShotDuration;
    private final int capacity;
    private final Map<Key, Active> active = new LinkedHashMap<>();
    private long discarded;

    AlertBook(Duration oneShotDuration, int capacity) {
        this.oneShotDuration = oneShotDuration;
        this.capacity = capacity;
    }

    /** The alerts a trap starts, updates or resolves, to be sent now; none for a trap that changes nothing. */
    List<Alert> onTrap(MonitoredTrap trap, Instant now) {
        AlertKind kind = AlertKind.of(trap.id(), trap.message());
        Instant time = Instant.ofEpochSecond(trap.time());
        List<Alert> out = new ArrayList<>();
        if (kind.transition() == AlertKind.Transition.SUMMARISED) {
            return out;
        }
        if (kind.transition() == AlertKind.Transition.RESOLVES) {
            for (String name : kind.ends()) {
                Active a = active.remove(new Key(name, trap.fs(), trap.node()));
                if (a != null) {
                    a.add(trap, time);
                    a.endsAt = time.isBefore(a.startsAt) ? a.startsAt : time;
                    out.add(a.alert());
                }
            }
            return out;
        }
        boolean stateful = kind.transition() == AlertKind.Transition.FIRES;
        Key key = new Key(kind.alertname(), trap.fs(), trap.node());
        Active a = active.get(key);
        if (a == null) {
            Instant end = stateful ? Instant.MAX : time.plus(oneShotDuration);
            if (!stateful && !end.isAfter(now)) {
                return out; // an old one-shot event, over before the relay saw it
            }
            String nid = AlertKind.TARGET_ALERTS.contains(key.alertname()) ? TrapNid.of(trap.message()) : "";
            a = new Active(key, trap.category().name().toLowerCase(Locale.ROOT), time, stateful, nid);
            a.endsAt = end;
            active.put(key, a);
            evictBeyondCapacity();
        } else if (!stateful) {
            Instant end = time.plus(oneShotDuration);
            if (end.isAfter(a.endsAt)) {
                a.endsAt = end;
            }
        }
        a.add(trap, time);
        out.add(a.alert());
        return out;
    }

    /** Every alert still active, for the periodic re-send; one-shot alerts whose end has passed are let go. */
    List<Alert> active(Instant now) {
        List<Alert> out = new ArrayList<>(active.size());
        for (Iterator<Active> it = active.values().iterator(); it.hasNext(); ) {
            Active a = it.next();
            if (!a.stateful && !a.endsAt.isAfter(now)) {
                it.remove();
            } else {
                out.add(a.alert());
            }
        }
        return out;
    }

    int size() {
        return active.size();
    }

    long discarded() {
        return discarded;
    }

    private void evictBeyondCapacity() {
        Iterator<Active> it = active.values().iterator();
        while (active.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
            discarded++;
        }
    }
}
