package org.lustrecollector.collector;

import org.lustrecollector.outage.OutageCounts;
import org.lustrecollector.outage.OutageDetector;

/** Reads the outage detector's counts for getStatus and /metrics, which report them as {@link OutageStatus}. */
public final class OutageTally {
    private final OutageDetector detector;

    public OutageTally(OutageDetector detector) {
        this.detector = detector;
    }

    /** The counts now, taken in one step. */
    public OutageStatus now() {
        OutageCounts c = detector.counts();
        return new OutageStatus(c.activeServer(), c.activeNetwork(), c.raisedServer(), c.raisedNetwork());
    }
}
