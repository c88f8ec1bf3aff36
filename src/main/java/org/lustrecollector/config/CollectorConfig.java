package org.lustrecollector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The collector's settings, validated. See {@code conf/config} for what each one means.
 *
 * @param host         address the collector's own Tomcat listens on (ignored by a drop-in WAR)
 * @param port         port the collector's own Tomcat listens on (ignored by a drop-in WAR)
 * @param daemon       whether the launcher detaches
 * @param maxTraps     most traps kept at once
 * @param retention    how long a trap is kept after it was received
 * @param trapFile     the trap file
 * @param trapFileMode how the trap file is read
 * @param interval     how often files that give no change events are read again
 * @param allow        CIDR ranges of peers allowed to call the collector
 * @param demo         whether a built-in producer writes demo traps into the trap file
 * @param sources      the configuration files that were read, lowest precedence first
 */
public record CollectorConfig(String host, int port, boolean daemon, int maxTraps, Duration retention,
                              Path trapFile, TrapFileMode trapFileMode, Duration interval,
                              List<String> allow, boolean demo, List<Path> sources) {
    public CollectorConfig {
        Objects.requireNonNull(host);
        Objects.requireNonNull(retention);
        Objects.requireNonNull(trapFile);
        Objects.requireNonNull(trapFileMode);
        Objects.requireNonNull(interval);
        allow = List.copyOf(allow);
        sources = List.copyOf(sources);
    }
}
