package org.lustrecollector.lustre;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This server's name, as the node of the traps about itself. */
final class HostName {
    private HostName() {
    }

    /** The kernel's host name (no DNS lookup that could hang start-up), else Java's, else "localhost". */
    static String local() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
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
