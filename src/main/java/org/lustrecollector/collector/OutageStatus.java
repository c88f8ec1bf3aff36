package org.lustrecollector.collector;

/**
 * The outages as getStatus and /metrics report them: active now and raised since start, by kind.
 *
 * @param activeServer  server outages active now (their summary raised or still due)
 * @param activeNetwork network outages active now
 * @param raisedServer  server outage summary traps raised since start
 * @param raisedNetwork network outage summary traps raised since start
 */
public record OutageStatus(int activeServer, int activeNetwork, long raisedServer, long raisedNetwork) {
    /** No outage, none raised. */
    public static final OutageStatus NONE = new OutageStatus(0, 0, 0, 0);

    /** Outages active now, of both kinds. */
    public int active() {
        return activeServer + activeNetwork;
    }
}
