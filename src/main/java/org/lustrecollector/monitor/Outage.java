package org.lustrecollector.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One outage as a collector reports it ({@code getOutages}, docs/api.md "Outages"), or as the monitor merges
 * the reports of several collectors (both MDSs of a pair see the same OSS go): targets of one server (a NID)
 * or of one LNet network that stopped responding together.
 *
 * @param kind        {@code server} or {@code network}
 * @param key         the NID ({@code 10.0.0.7@o2ib1}) or the network ({@code o2ib1})
 * @param targets     distinct targets lost in it
 * @param servers     distinct NIDs of those targets
 * @param filesystems the fsnames of those targets
 * @param since       epoch seconds of its first loss
 * @param active      false once every target lost in it is back
 * @param ended       epoch seconds it ended; -1 while active (and from a collector that does not say)
 * @param examples    the first few targets lost
 * @param collectors  the collectors that reported it (their URLs)
 */
public record Outage(String kind, String key, int targets, int servers, List<String> filesystems, long since,
                     boolean active, long ended, List<String> examples, List<String> collectors) {
    public static final String SERVER = "server";
    public static final String NETWORK = "network";

    public Outage {
        if (kind.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("an outage needs a kind and a key");
        }
        filesystems = List.copyOf(filesystems);
        examples = List.copyOf(examples);
        collectors = List.copyOf(collectors);
        if (active) {
            ended = -1;
        }
    }

    /** The same outage, whoever reports it: kind and key. */
    public String identity() {
        return kind + " " + key;
    }

    /** The LNet network: the part of a server's NID after '@', or a network outage's key; empty if none. */
    public String lnet() {
        if (!SERVER.equals(kind)) {
            return key;
        }
        int at = key.lastIndexOf('@');
        return at < 0 ? "" : key.substring(at + 1);
    }

    /**
     * This outage and another report of the same one: the larger counts, every filesystem and collector,
     * the earliest start, active while either says so, and the examples of the larger report.
     */
    Outage merge(Outage other) {
        if (!identity().equals(other.identity())) {
            throw new IllegalArgumentException("not the same outage: " + identity() + ", " + other.identity());
        }
        Set<String> fs = new TreeSet<>(filesystems);
        fs.addAll(other.filesystems);
        Set<String> by = new LinkedHashSet<>(collectors);
        by.addAll(other.collectors);
        boolean stillActive = active || other.active;
        return new Outage(kind, key, Math.max(targets, other.targets), Math.max(servers, other.servers),
                List.copyOf(fs), Math.min(since, other.since), stillActive,
                stillActive ? -1 : Math.max(ended, other.ended),
                other.targets > targets ? other.examples : examples, List.copyOf(by));
    }

    /**
     * The reports of several collectors with one entry per outage ({@link #merge}): the active ones first,
     * oldest first, then those that ended, latest ended first.
     */
    static List<Outage> merged(Collection<Outage> reports) {
        Map<String, Outage> byIdentity = new LinkedHashMap<>();
        for (Outage o : reports) {
            byIdentity.merge(o.identity(), o, Outage::merge);
        }
        List<Outage> all = new ArrayList<>(byIdentity.values());
        all.sort(Comparator.comparing((Outage o) -> !o.active())
                .thenComparingLong(o -> o.active() ? o.since() : -o.ended())
                .thenComparing(Outage::identity));
        return all;
    }
}
