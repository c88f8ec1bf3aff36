package org.lustrecollector.monitor.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageMerge;

/**
 * The outages of all collectors: what each collector's latest {@code getOutages} gave, and all of them
 * merged as --status and the relay show them ({@link OutageMerge#merged}: both MDSs' reports of one outage
 * once, server outages folded into the network outage another MDS reports). Thread-safe.
 */
public final class OutageView {
    /** Latest reports by collector URL, sorted, so that the merge does not depend on which poll came first. */
    private final Map<String, List<Outage>> byCollector = new TreeMap<>();

    /** The collector's latest getOutages. */
    public synchronized void update(String collector, List<Outage> outages) {
        byCollector.put(collector, List.copyOf(outages));
    }

    /** The collector did not answer, or does not serve getOutages: it reports none. */
    public synchronized void failed(String collector) {
        byCollector.remove(collector);
    }

    /** Active outages in the order they formed, then the ended ones, the latest ended first. */
    public synchronized List<Outage> merged() {
        List<Outage> all = new ArrayList<>();
        byCollector.values().forEach(all::addAll);
        return OutageMerge.merged(all);
    }
}
