package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: tomcat/bin/lustre-collector --demo builds its own Tomcat instance next to
 * the unpacked distribution, starts it in the foreground, and demo traps arrive over XML-RPC. A signal
 * stops it cleanly. A bad option value stops it before anything starts, with one line and status 2.
 */
class LauncherIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path LAUNCHER = PROJECT.resolve("tomcat/bin/lustre-collector");

    @TempDir
    Path dir;

    @Test
    void demoModeServesDemoTrapsAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path base = dir.resolve("base");
        Path output = dir.resolve("launcher.out");
        Process launcher = launcher(base, output, "--demo", "--port", String.valueOf(port),
                "--trapfile", dir.resolve("traps").toString());
        try {
            URL url = new URL("http://127.0.0.1:" + port + "/");
            TomcatItSupport.awaitCondition("demo traps served on port " + port, Duration.ofSeconds(90), () -> {
                try {
                    Object[] traps = (Object[]) ((Object[]) TomcatItSupport.call(url, "getTraps", 0))[0];
                    return traps.length > 0 && ((String) ((Object[]) traps[0])[4]).startsWith("demo-");
                } catch (XmlRpcException notYet) {
                    return false;
                }
            });
            // The demo's Lustre tree (target/demo/lustre) shows as filesystems and nodes.
            TomcatItSupport.awaitCondition("demo filesystems served", Duration.ofSeconds(30), () -> {
                try {
                    return List.of((Object[]) TomcatItSupport.call(url, "getFileSystems"))
                            .equals(List.of("home", "lustre", "proj01", "scratch"));
                } catch (XmlRpcException notYet) {
                    return false;
                }
            });
        } finally {
            launcher.destroy();
        }
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "launcher stopped on SIGTERM");
        String log = logs(base);
        assertTrue(log.contains("Collector stopped"), log);
        assertTrue(!log.contains("appears to have started a thread"), log);
    }

    @Test
    void aBadValueStopsStartUpWithOneLineAndStatusTwo() throws Exception {
        Path output = dir.resolve("launcher.out");
        Process launcher = launcher(dir.resolve("base"), output, "--maxtraps", "abc", "--port", String.valueOf(freePort()));
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, launcher.exitValue());
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(List.of("lustre-collector: Bad configuration: maxtraps=abc (from command line): "
                + "expected a whole number from 1 to 1000000"), lines);
    }

    private static Process launcher(Path base, Path output, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("LUSTRE_COLLECTOR_BASE", base.toString());
        // Keep the test's collector away from the developer's own files.
        pb.environment().put("HOME", base.resolveSibling("home").toString());
        return pb.start();
    }

    private static String logs(Path base) throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(base.resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
