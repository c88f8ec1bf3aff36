package org.lustrecollector.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs tomcat/bin/lustre-collector, the README's launcher, as a user would, with its own instance folder. */
final class LauncherProcess {
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path LAUNCHER = PROJECT.resolve("tomcat/bin/lustre-collector");

    private LauncherProcess() {
    }

    /** Starts the launcher with {@code base} as its CATALINA_BASE; its output goes to {@code output}. */
    static Process start(Path base, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("LUSTRE_COLLECTOR_BASE", base.toString());
        // Keep the test's collector away from the developer's own files.
        pb.environment().put("HOME", base.resolveSibling("home").toString());
        return pb.start();
    }

    /** Everything the instance logged so far. */
    static String logs(Path base) throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(base.resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
