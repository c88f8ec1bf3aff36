package org.lustrecollector.outage;

import java.time.Duration;

/**
 * When losses make an outage ({@code docs/outages.md}).
 *
 * @param window         losses this close together belong to one outage
 * @param serverTargets  targets of one NID lost within the window that make a server outage
 * @param networkServers servers of one LNet network with a loss within the window that make a network outage
 * @param fatalTargets   an outage of more targets than this is Fatal, not Critical
 * @param maxServers     most NIDs tracked at once; losses at further NIDs are counted as dropped
 * @param maxTargets     most targets tracked per NID; further ones are counted as dropped
 */
public record OutageSettings(Duration window, int serverTargets, int networkServers, int fatalTargets,
                             int maxServers, int maxTargets) {
    /** How long an ended outage stays in getOutages' answer. */
    public static final Duration SHOWN_AFTER_END = Duration.ofHours(1);

    public OutageSettings {
        if (window.isNegative() || serverTargets < 2 || networkServers < 2 || fatalTargets < 1 || maxServers < 1
                || maxTargets < 1) {
            throw new IllegalArgumentException("outage settings out of range: " + window + ", " + serverTargets + ", "
                    + networkServers + ", " + fatalTargets + ", " + maxServers + ", " + maxTargets);
        }
    }

    /** The given thresholds with the default caps: 10,000 NIDs, 1,000 targets per NID. */
    public static OutageSettings of(Duration window, int serverTargets, int networkServers, int fatalTargets) {
        return new OutageSettings(window, serverTargets, networkServers, fatalTargets, 10_000, 1_000);
    }
}
