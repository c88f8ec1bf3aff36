package org.lustrecollector.collector;

import java.util.List;
import java.util.Optional;

import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapCounts;

/**
 * What the collector reports about itself.
 *
 * @param counts        the store's counters
 * @param maxTraps      capacity of the store
 * @param version       the collector's version
 * @param uptimeSeconds seconds since the collector started
 * @param sources       each configured source's own status, in the order the sources are read
 */
public record CollectorStatus(TrapCounts counts, int maxTraps, String version, long uptimeSeconds,
                              List<SourceStatus> sources) {
    public CollectorStatus {
        sources = List.copyOf(sources);
    }

    /** The status of the source of that name, when it is configured. */
    public Optional<SourceStatus> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
