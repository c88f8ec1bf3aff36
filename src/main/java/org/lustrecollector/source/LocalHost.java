package org.lustrecollector.source;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This server's name, as syslog shows it: the node of the traps a source raises about this server itself. */
public final class LocalHost {
    private static final Path PROC_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private LocalHost() {
    }

    /** The kernel's host name (no DNS look-up that could hang start-up), else Java's, else "localhost". */
    public static String name() {
        try {
            String name = Files.readString(PROC_HOSTNAME, StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: ask Java.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
