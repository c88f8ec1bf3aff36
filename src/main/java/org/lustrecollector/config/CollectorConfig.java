package org.lustrecollector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.lustrecollector.trapfile.TrapFileMode;

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
 * @param lustreRoot   folder under which the Lustre trees (sys/fs/lustre, proc/fs/lustre,
 *                     sys/kernel/debug/lustre) are read; "/" on an MDS, a fixture folder in tests
 * @param spaceWarnPercent an OST whose available space falls below this share of its total raises a Warning
 * @param kernelLog    a file of kernel messages to turn into traps; empty when off
 * @param maxBodyBytes largest XML-RPC request body accepted
 * @param requireUser  whether a request that came through Apache over AJP must carry an authenticated user
 * @param ajpHost      address of the AJP connector of the collector's own Tomcat
 * @param ajpPort      port of that AJP connector
 * @param ajpSecretFile file holding the AJP secret; the AJP connector stays off while it does not exist
 * @param sources      the configuration files that were read, lowest precedence first
 */
public record CollectorConfig(String host, int port, boolean daemon, int maxTraps, Duration retention,
                              Path trapFile, TrapFileMode trapFileMode, Duration interval,
                              List<String> allow, boolean demo, Path lustreRoot, double spaceWarnPercent,
                              Optional<Path> kernelLog, int maxBodyBytes, boolean requireUser,
                              String ajpHost, int ajpPort, Path ajpSecretFile, List<Path> sources) {
    public CollectorConfig {
        Objects.requireNonNull(host);
        Objects.requireNonNull(retention);
        Objects.requireNonNull(trapFile);
        Objects.requireNonNull(trapFileMode);
        Objects.requireNonNull(interval);
        Objects.requireNonNull(lustreRoot);
        Objects.requireNonNull(kernelLog);
        Objects.requireNonNull(ajpHost);
        Objects.requireNonNull(ajpSecretFile);
        allow = List.copyOf(allow);
        sources = List.copyOf(sources);
    }
}
