package org.lustrecollector.outage;

/**
 * How many outages are active now and how many summaries were raised since start, by kind: for getStatus and
 * /metrics.
 *
 * @param activeServer  server outages active now (announced or not yet)
 * @param activeNetwork network outages active now
 * @param raisedServer  server outage summary traps raised since start
 * @param raisedNetwork network outage summary traps raised since start
 */
public record OutageCounts(int activeServer, int activeNetwork, long raisedServer, long raisedNetwork) {
    /** No outage, none raised: a collector without a detector. */
    public static final OutageCounts NONE = new OutageCounts(0, 0, 0, 0);

    public int active() {
        return activeServer + activeNetwork;
    }
}
