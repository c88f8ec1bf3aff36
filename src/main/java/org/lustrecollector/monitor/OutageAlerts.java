package org.lustrecollector.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageMerge;

/**
 * The relay's alerts for outages: one {@value #ALERTNAME} alert per active outage of the merged list
 * ({@link OutageMerge#merged}, the list --status and the web view show): both MDSs' reports of one outage are
 * one alert, and a server outage folded into a network outage makes none of its own (the network's alert
 * stands for it, and the collector's target alerts at that server carry the network's {@code lnet}, so the
 * network inhibition rule mutes them). Labelled {@code kind}, {@code nid} (a server outage's NID) and
 * {@code lnet} (its network), so that Alertmanager's inhibition rules mute the target alerts under it
 * (conf/alertmanager/alertmanager.yml; docs/alerting.md). Resolved when the outage ends, or when it is listed
 * no more: no collector reports it, or it was folded into a network outage since. One alert per kind and key,
 * as its labels are: the earliest active outage of a kind and key has it (two of one network can be active
 * at once when another collector's server outage keeps the first going), and an ended outage of a server
 * does not resolve the alert of that server's outage active now. Bounded: beyond
 * {@code capacity} active outages the newest are not alerted (counted). Not thread-safe: the relay holds its
 * lock.
 */
final class OutageAlerts {
    static final String ALERTNAME = "LustreOutage";
    /** An outage is one condition however large: its labels, severity included, stay as they were at its start. */
    static final String SEVERITY = "critical";

    private record Sent(Alert alert, Outage outage) {
    }

    private final int capacity;
    private final Map<String, Sent> active = new LinkedHashMap<>();
    private long discarded;

    OutageAlerts(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The outages the collectors report now (merged): the alerts to send, those that start or changed and
     * those that ended. An outage that ended, or is listed no more, resolves its alert, unless an outage of
     * the same kind and key is active (the same OSS gone again within the hour).
     */
    List<Alert> update(List<Outage> outages, Instant now) {
        List<Alert> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        Set<String> activeNow = new HashSet<>();
        outages.stream().filter(Outage::active).forEach(o -> activeNow.add(o.identity()));
        Set<String> alertedNow = new HashSet<>();
        for (Outage o : outages) {
            reported.add(o.identity());
            Sent before = active.get(o.identity());
            if (o.active()) {
                if (!alertedNow.add(o.identity())) {
                    continue;
                }
                if (before == null && active.size() >= capacity) {
                    discarded++;
                    continue;
                }
                Alert a = alert(o, Instant.MAX);
                if (before == null || !before.alert().equals(a)) {
                    active.put(o.identity(), new Sent(a, o));
                    out.add(a);
                }
            } else if (before != null && !activeNow.contains(o.identity())) {
                active.remove(o.identity());
                Instant end = o.ended() < 0 ? now : Instant.ofEpochSecond(o.ended());
                out.add(alert(o, end.isBefore(before.alert().startsAt()) ? before.alert().startsAt() : end));
            }
        }
        for (Iterator<Sent> it = active.values().iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (!reported.contains(s.outage().identity())) {
                it.remove();
                out.add(alert(s.outage(), now.isBefore(s.alert().startsAt()) ? s.alert().startsAt() : now));
            }
        }
        return out;
    }

    /** Every outage alert still active, for the periodic re-send. */
    List<Alert> active() {
        return active.values().stream().map(Sent::alert).toList();
    }

    int size() {
        return active.size();
    }

    long discarded() {
        return discarded;
    }

    static Alert alert(Outage o, Instant endsAt) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", ALERTNAME);
        labels.put("kind", o.kind());
        if (Outage.SERVER.equals(o.kind())) {
            labels.put("nid", o.key());
        }
        if (!o.lnet().isEmpty()) {
            labels.put("lnet", o.lnet());
        }
        labels.put("severity", SEVERITY);
        TreeMap<String, String> annotations = new TreeMap<>();
        annotations.put("summary", summary(o));
        annotations.put("targets", String.valueOf(o.targets()));
        annotations.put("servers", String.valueOf(o.servers()));
        annotations.put("filesystems", String.join(" ", o.filesystems()));
        annotations.put("examples", String.join(" ", o.examples()));
        annotations.put("collectors", String.join(" ", o.collectors()));
        return new Alert(labels, annotations, Instant.ofEpochSecond(o.since()), endsAt);
    }

    /** "Server 10.0.0.7@o2ib1 is gone: 8 targets lost (lustre): lustre-OST0010 ..." and the like. */
    static String summary(Outage o) {
        String cause = switch (o.kind()) {
            case Outage.SERVER -> "Server " + o.key() + " is gone";
            case Outage.NETWORK -> "LNet network " + o.key() + " (a router or the network itself)";
            default -> "Outage " + o.kind() + " " + o.key();
        };
        String size = o.targets() + (o.targets() == 1 ? " target" : " targets")
                + (Outage.SERVER.equals(o.kind()) ? "" : " on " + o.servers() + (o.servers() == 1 ? " server" : " servers"));
        return cause + ": " + size + " lost"
                + (o.filesystems().isEmpty() ? "" : " (" + String.join(", ", o.filesystems()) + ")")
                + (o.examples().isEmpty() ? "" : ": " + String.join(" ", o.examples())
                        + (o.targets() > o.examples().size() ? " ..." : ""));
    }
}
