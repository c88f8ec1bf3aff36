package org.lustrecollector.monitor;

import java.time.Instant;
import java.util.List;

/**
 * What a running relay tells --status through its status file ({@link RelayStatusFile}): per Alertmanager
 * the alerts sent, failed, discarded and waiting, the alerts active, when it started and when it wrote this.
 *
 * @param running false in the last status a relay writes as it stops
 * @param letGo   alerts the relay let go of: beyond its active or incoming capacity
 */
record RelayStatus(Instant started, Instant written, boolean running, int active, long letGo,
                   List<Target> alertmanagers) {
    /** One Alertmanager's counts; {@code lastError} is empty unless its last POST failed. */
    record Target(String url, long sent, long failed, long discarded, int waiting, String lastError) {
    }

    RelayStatus {
        alertmanagers = List.copyOf(alertmanagers);
    }
}
