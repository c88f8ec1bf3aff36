package org.lustrecollector.monitor.outage;

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
 * The outages of several collectors as the monitor shows them, each once (docs/outages.md, "Seen by the
 * monitor"): both MDSs of a pair lose their connections to a crashed OSS, so both report its outage, and one
 * MDS may see a router failure as a network outage where the other, which lost fewer servers than its
 * {@code outageservers}, reports server outages. Two steps:
 * <ol>
 * <li><b>One outage, several reports.</b> Reports of the same kind and key whose spans (first loss to end, on
 * while active) overlap are one outage, at most one report of each collector in it (two outages one
 * collector keeps apart stay apart): the largest target and server counts, every filesystem, the earliest
 * first loss, active while any report is, else the latest end, the examples of the report with the most
 * targets, every collector (in the order of their first losses).</li>
 * <li><b>Server outages folded into a network outage.</b> A server outage whose NID is on the LNet network of
 * a network outage, whose span overlaps it, and none of whose collectors reports that network outage, is part
 * of it: a collector that reports both kept them apart, as its detector does for server outages outside the
 * network's burst. The network outage takes the larger of its own counts and those of the server outages
 * folded into it (their targets summed, the largest report of each NID, and their distinct NIDs), every
 * filesystem and collector of both, the earliest first loss, active while any is, else the latest end; its
 * examples are its own unless the folded servers count more targets, then theirs, earliest first, at most
 * {@value #EXAMPLES}. A server outage overlapping several network outages of its network is folded into the
 * earliest.</li>
 * </ol>
 * The list: active outages first, in the order they formed, then those that ended, the latest ended first.
 */
public final class OutageMerge {
    /** The examples a folded network outage lists at most: as many as getOutages gives. */
    public static final int EXAMPLES = 5;

    private static final Comparator<Outage> SHOWN = Comparator.comparing((Outage o) -> !o.active())
            .thenComparingLong(o -> o.active() ? o.since() : -o.ended())
            .thenComparing(Outage::kind).thenComparing(Outage::key).thenComparingLong(Outage::since);

    private OutageMerge() {
    }

    /** The reports of all collectors, each outage once, in the order shown. */
    public static List<Outage> merged(Collection<Outage> reports) {
        List<Outage> out = fold(sameOutages(reports));
        out.sort(SHOWN);
        return out;
    }

    /** Step 1: the reports of one kind and key that overlap, each collector's at most once, combined. */
    static List<Outage> sameOutages(Collection<Outage> reports) {
        List<Outage> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparing(Outage::kind).thenComparing(Outage::key).thenComparingLong(Outage::since)
                .thenComparing(o -> String.join(" ", o.collectors())));
        List<Outage> out = new ArrayList<>();
        List<Outage> group = new ArrayList<>();
        for (Outage r : sorted) {
            if (!group.isEmpty() && !belongs(group, r)) {
                out.add(combined(group));
                group.clear();
            }
            group.add(r);
        }
        if (!group.isEmpty()) {
            out.add(combined(group));
        }
        return out;
    }

    private static boolean belongs(List<Outage> group, Outage r) {
        Outage first = group.get(0);
        if (!first.kind().equals(r.kind()) || !first.key().equals(r.key())) {
            return false;
        }
        long until = group.stream().mapToLong(Outage::until).max().orElseThrow();
        boolean sameCollector = group.stream().anyMatch(g -> shareCollector(g, r));
        return r.since() <= until && !sameCollector;
    }

    private static Outage combined(List<Outage> group) {
        if (group.size() == 1) {
            return group.get(0);
        }
        Outage largest = group.get(0);
        int servers = 0;
        Span span = new Span();
        Set<String> filesystems = new TreeSet<>();
        Set<String> collectors = new LinkedHashSet<>();
        for (Outage r : group) {
            if (r.targets() > largest.targets()) {
                largest = r;
            }
            servers = Math.max(servers, r.servers());
            span.add(r);
            filesystems.addAll(r.filesystems());
            collectors.addAll(r.collectors());
        }
        return new Outage(largest.kind(), largest.key(), largest.targets(), servers, List.copyOf(filesystems),
                span.since, span.active, span.ended(), largest.examples(), List.copyOf(collectors));
    }

    /** Step 2: the server outages that belong to a network outage folded into it; the others as they are. */
    static List<Outage> fold(List<Outage> outages) {
        List<Outage> networks = outages.stream().filter(o -> Outage.NETWORK.equals(o.kind()))
                .sorted(Comparator.comparingLong(Outage::since)).toList();
        List<List<Outage>> folded = new ArrayList<>();
        networks.forEach(n -> folded.add(new ArrayList<>()));
        List<Outage> out = new ArrayList<>();
        for (Outage o : outages) {
            if (Outage.SERVER.equals(o.kind())) {
                int n = networkOf(o, networks);
                if (n >= 0) {
                    folded.get(n).add(o);
                    continue;
                }
            }
            if (!Outage.NETWORK.equals(o.kind())) {
                out.add(o);
            }
        }
        for (int n = 0; n < networks.size(); n++) {
            out.add(withServers(networks.get(n), folded.get(n)));
        }
        return out;
    }

    /** The index of the earliest network outage the server outage belongs to; -1 if none. */
    private static int networkOf(Outage server, List<Outage> networks) {
        if (server.lnet().isEmpty()) {
            return -1;
        }
        for (int n = 0; n < networks.size(); n++) {
            Outage network = networks.get(n);
            if (server.lnet().equals(network.key()) && server.overlaps(network) && !shareCollector(server, network)) {
                return n;
            }
        }
        return -1;
    }

    private static Outage withServers(Outage network, List<Outage> folded) {
        if (folded.isEmpty()) {
            return network;
        }
        Map<String, Integer> targetsByNid = new LinkedHashMap<>();
        Span span = new Span();
        span.add(network);
        Set<String> filesystems = new TreeSet<>(network.filesystems());
        Set<String> collectors = new LinkedHashSet<>(network.collectors());
        List<Outage> earliestFirst = folded.stream().sorted(Comparator.comparingLong(Outage::since)).toList();
        Set<String> examples = new LinkedHashSet<>();
        for (Outage s : earliestFirst) {
            targetsByNid.merge(s.key(), s.targets(), Math::max);
            span.add(s);
            filesystems.addAll(s.filesystems());
            collectors.addAll(s.collectors());
            s.examples().stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(examples::add);
        }
        int foldedTargets = targetsByNid.values().stream().mapToInt(Integer::intValue).sum();
        return new Outage(network.kind(), network.key(), Math.max(network.targets(), foldedTargets),
                Math.max(network.servers(), targetsByNid.size()), List.copyOf(filesystems), span.since, span.active,
                span.ended(), foldedTargets > network.targets() ? List.copyOf(examples) : network.examples(),
                List.copyOf(collectors));
    }

    private static boolean shareCollector(Outage a, Outage b) {
        return a.collectors().stream().anyMatch(b.collectors()::contains);
    }

    /** The earliest first loss, active while any is, the latest end. */
    private static final class Span {
        long since = Long.MAX_VALUE;
        long latestEnd = -1;
        boolean active;

        void add(Outage o) {
            since = Math.min(since, o.since());
            latestEnd = Math.max(latestEnd, o.ended());
            active |= o.active();
        }

        long ended() {
            return active ? -1 : latestEnd;
        }
    }
}
