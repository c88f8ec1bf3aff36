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
 * @param sources       each configured source's own status with its liveness, in the order of the configuration
 * @param failedCycles  turns of the collector's trap path that ended with an unexpected exception or error
 *                      (each logged, and the loop carried on); failures of a source's own read are counted
 *                      in its status instead
 */
public record CollectorStatus(TrapCounts counts, int maxTraps, String version, long uptimeSeconds,
                              List<SourceStatus> sources, long failedCycles) {
    public CollectorStatus {
        sources = List.copyOf(sources);
    }

    /** The status of the source of that name, when it is configured. */
    public Optional<SourceStatus> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
