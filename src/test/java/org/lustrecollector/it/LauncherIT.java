package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
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
 * the unpacked distribution, starts it in the foreground, and demo traps arrive over XML-RPC. Ctrl-C's
 * SIGINT stops it cleanly; -d starts it in the background. A bad option or value stops it before anything
 * starts, with one line and status 2.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void demoModeServesDemoTrapsAndStopsCleanlyOnSigint() throws Exception {
        int port = LauncherProcess.freePort();
        Path base = dir.resolve("base");
        Path output = dir.resolve("launcher.out");
        Process launcher = LauncherProcess.start(base, output, "--demo", "--port", String.valueOf(port),
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
            // Ctrl-C in a terminal: SIGINT reaches Tomcat's JVM directly, as the wrapper execs it. (The daemon
            // test stops one with SIGTERM.)
            Commands.ok(dir, "kill", "-INT", String.valueOf(launcher.pid()));
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "launcher stopped on SIGINT");
        } finally {
            launcher.destroy();
        }
        String log = LauncherProcess.logs(base);
        assertTrue(log.contains("Collector stopped"), log);
        assertTrue(!log.contains("appears to have started a thread"), log);
    }

    /**
     * -d returns once the collector answers, with status 0, leaving a pid file; a second start finds it
     * running and fails with status 1, as does a start on a port that is taken.
     */
    @Test
    void asADaemonItReturnsOnceItAnswersAndSaysWhenItCannotStart() throws Exception {
        int port = LauncherProcess.freePort();
        Path base = dir.resolve("base");
        String[] args = {"-d", "--demo", "--port", String.valueOf(port), "--trapfile", dir.resolve("traps").toString()};
        Process launcher = LauncherProcess.start(base, dir.resolve("launcher.out"), args);
        assertTrue(launcher.waitFor(150, TimeUnit.SECONDS));
        String said = Files.readString(dir.resolve("launcher.out"), StandardCharsets.UTF_8);
        assertEquals(0, launcher.exitValue(), said);
        long pid = Commands.pidIn(base.resolve("lustre-collector.pid"));
        try {
            assertTrue(said.contains("lustre-collector: running (pid " + pid + ") at http://127.0.0.1:" + port + "/"), said);
            // it answered before the launcher returned
            assertTrue(TomcatItSupport.call(new URL("http://127.0.0.1:" + port + "/"), "getTraps", 0) instanceof Object[]);

            Process again = LauncherProcess.start(base, dir.resolve("again.out"), args);
            assertTrue(again.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, again.exitValue());
            assertTrue(Files.readString(dir.resolve("again.out"), StandardCharsets.UTF_8)
                    .contains("lustre-collector: already running (pid " + pid + ", "));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        Commands.awaitGone(pid, Duration.ofSeconds(60));
        assertTrue(LauncherProcess.logs(base).contains("Collector stopped"));

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process blocked = LauncherProcess.start(dir.resolve("base2"), dir.resolve("blocked.out"),
                    "-d", "--demo", "-p", String.valueOf(taken.getLocalPort()));
            assertTrue(blocked.waitFor(60, TimeUnit.SECONDS));
            String out = Files.readString(dir.resolve("blocked.out"), StandardCharsets.UTF_8);
            assertEquals(1, blocked.exitValue(), out);
            assertTrue(out.contains("lustre-collector: cannot listen on 127.0.0.1:" + taken.getLocalPort()), out);
        }
    }

    @Test
    void aBadOptionStopsWithOneLineAndStatusTwo() throws Exception {
        Path output = dir.resolve("launcher.out");
        Process launcher = LauncherProcess.start(dir.resolve("base"), output, "--no-such-option");
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, launcher.exitValue());
        assertEquals(List.of("lustre-collector: Unknown option: '--no-such-option' (see --help)"),
                Files.readAllLines(output, StandardCharsets.UTF_8));
    }

    @Test
    void aBadValueStopsStartUpWithOneLineAndStatusTwo() throws Exception {
        Path output = dir.resolve("launcher.out");
        Process launcher = LauncherProcess.start(dir.resolve("base"), output, "--maxtraps", "abc", "--port", String.valueOf(LauncherProcess.freePort()));
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, launcher.exitValue());
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertEquals(List.of("lustre-collector: Bad configuration: maxtraps=abc (from command line): "
                + "expected a whole number from 1 to 1000000"), lines);
    }

    /**
     * Never as root: run by root without --demo, the launcher refuses in one line before Tomcat starts
     * (Tomcat's SecurityListener would refuse too). CI runs as root; run by anyone else, it starts.
     */
    @Test
    void runByRootWithoutDemoItRefusesInOneLine() throws Exception {
        Path output = dir.resolve("launcher.out");
        Process launcher = LauncherProcess.start(dir.resolve("base"), output, "--port", String.valueOf(LauncherProcess.freePort()),
                "--trapfile", dir.resolve("traps").toString());
        try {
            if ("root".equals(System.getProperty("user.name"))) {
                assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
                assertEquals(2, launcher.exitValue());
                assertEquals(List.of("lustre-collector: refusing to run as root; run it as an unprivileged user "
                        + "(only --demo runs as root, for trying it out)"), Files.readAllLines(output, StandardCharsets.UTF_8));
            } else {
                TomcatItSupport.awaitCondition("the launcher starts Tomcat", Duration.ofSeconds(60), () -> {
                    try {
                        return Files.readString(output, StandardCharsets.UTF_8).startsWith("lustre-collector: http://");
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        } finally {
            launcher.destroy();
            launcher.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
