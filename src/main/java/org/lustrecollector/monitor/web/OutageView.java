package org.lustrecollector.monitor.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outages of all collectors: what each collector's latest {@code getOutages} gave, and those of a pair
 * merged ({@link #merged}). Both MDSs of a pair lose their connections to a crashed OSS, so each reports
 * the outage: the reports of one kind and key from different collectors whose times overlap are one
 * outage, with the larger counts. Thread-safe.
 */
public final class OutageView {
    /** Latest reports by collector URL, sorted, so that the merge does not depend on which poll came first. */
    private final Map<String, List<WebOutage>> byCollector = new TreeMap<>();

    /** The collector's latest getOutages. */
    public synchronized void update(String collector, List<WebOutage> outages) {
        byCollector.put(collector, List.copyOf(outages));
    }

    /** The collector did not answer, or does not serve getOutages: it reports none. */
    public synchronized void failed(String collector) {
        byCollector.remove(collector);
    }

    /** Active outages in the order they formed, then the ended ones, the latest ended first. */
    public synchronized List<WebOutage> merged() {
        List<WebOutage> all = new ArrayList<>();
        byCollector.values().forEach(all::addAll);
        return merge(all);
    }

    /**
     * One outage per group of reports of the same kind and key whose spans (first loss to end, or on while
     * active) overlap, at most one report of each collector in a group: the largest target and server
     * counts, every filesystem, the earliest first loss, active while any report is, the latest end, and
     * the examples of the report with the most targets.
     */
    static List<WebOutage> merge(List<WebOutage> reports) {
        List<WebOutage> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparing(WebOutage::kind).thenComparing(WebOutage::key)
                .thenComparingLong(WebOutage::since));
        List<WebOutage> out = new ArrayList<>();
        List<WebOutage> group = new ArrayList<>();
        for (WebOutage r : sorted) {
            if (!group.isEmpty() && !belongs(group, r)) {
                out.add(combined(group));
                group.clear();
            }
            group.add(r);
        }
        if (!group.isEmpty()) {
            out.add(combined(group));
        }
        out.sort(Comparator.comparing((WebOutage o) -> !o.active())
                .thenComparingLong(o -> o.active() ? o.since() : -o.ended())
                .thenComparing(WebOutage::kind).thenComparing(WebOutage::key));
        return out;
    }

    private static boolean belongs(List<WebOutage> group, WebOutage r) {
        WebOutage first = group.get(0);
        if (!first.kind().equals(r.kind()) || !first.key().equals(r.key())) {
            return false;
        }
        long until = group.stream().mapToLong(WebOutage::until).max().orElseThrow();
        boolean sameCollector = group.stream()
                .anyMatch(g -> g.collectors().stream().anyMatch(r.collectors()::contains));
        return r.since() <= until && !sameCollector;
    }

    private static WebOutage combined(List<WebOutage> group) {
        if (group.size() == 1) {
            return group.get(0);
        }
        WebOutage largest = group.get(0);
        int servers = 0;
        long since = Long.MAX_VALUE;
        long ended = -1;
        boolean active = false;
        TreeSet<String> filesystems = new TreeSet<>();
        List<String> collectors = new ArrayList<>();
        for (WebOutage r : group) {
            if (r.targets() > largest.targets()) {
                largest = r;
            }
            servers = Math.max(servers, r.servers());
            since = Math.min(since, r.since());
            ended = Math.max(ended, r.ended());
            active |= r.active();
            filesystems.addAll(r.filesystems());
            r.collectors().stream().filter(c -> !collectors.contains(c)).forEach(collectors::add);
        }
        return new WebOutage(largest.kind(), largest.key(), largest.targets(), servers, List.copyOf(filesystems),
                since, active, active ? -1 : ended, largest.examples(), collectors);
    }
}
