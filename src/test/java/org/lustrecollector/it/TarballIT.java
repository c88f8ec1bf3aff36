package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/lustre-collector-<version>.tar.gz unpacked as a user would (docs/install.md): one folder with
 * the installed layout and INSTALL; its command runs from there with its instance in the folder's
 * var/lib/lustre-collector, starts in the background and answers, and stops on SIGTERM.
 */
class TarballIT {
    @TempDir
    Path dir;

    @Test
    void unpackedItRunsFromItsOwnFolder() throws Exception {
        String version = TomcatItSupport.prop("it.version");
        Path tarball = Path.of(TomcatItSupport.prop("it.tarball"));
        Commands.ok(dir, "tar", "xzf", tarball.toString());
        try (var top = Files.list(dir)) {
            assertEquals(List.of("lustre-collector-" + version), top.map(p -> p.getFileName().toString()).toList());
        }
        Path folder = dir.resolve("lustre-collector-" + version);
        for (String file : List.of("INSTALL", "usr/share/lustre-collector/lustre-collector.war",
                "usr/share/lustre-collector/lustre-monitor.jar", "usr/share/lustre-collector/tomcat/lib/catalina.jar",
                "etc/lustre-collector/config", "usr/lib/systemd/system/lustre-collector.service")) {
            assertTrue(Files.isRegularFile(folder.resolve(file)), file);
        }
        for (String command : List.of("usr/bin/lustre-collector", "usr/bin/lustre-monitor", "etc/init.d/lustre-collector",
                "usr/share/lustre-collector/tomcat/bin/catalina.sh")) {
            assertTrue(Files.isExecutable(folder.resolve(command)), command);
        }

        Path command = folder.resolve("usr/bin/lustre-collector");
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(), "LUSTRE_COLLECTOR_BASE", "");
        Commands.Result version1 = Commands.run(dir, env, Duration.ofSeconds(30), command.toString(), "--version");
        assertEquals(new Commands.Result(0, "lustre-collector " + version + "\n"), version1);

        int port = LauncherProcess.freePort();
        // --demo: the only way root (CI) may run it
        Commands.Result started = Commands.run(dir, env, Duration.ofSeconds(150), command.toString(),
                "-d", "--demo", "-p", String.valueOf(port));
        assertEquals(0, started.status(), started.output());
        Path instance = folder.resolve("var/lib/lustre-collector");
        long pid = Commands.pidIn(instance.resolve("lustre-collector.pid"));
        try {
            assertTrue(started.output().contains("running (pid " + pid + ") at http://127.0.0.1:" + port + "/"), started.output());
            URL url = new URL("http://127.0.0.1:" + port + "/");
            TomcatItSupport.awaitCondition("demo traps from the tarball's collector", Duration.ofSeconds(30), () -> {
                try {
                    return ((Object[]) ((Object[]) TomcatItSupport.call(url, "getTraps", 0))[0]).length > 0;
                } catch (XmlRpcException notYet) {
                    return false;
                }
            });
            assertTrue(Files.isDirectory(instance.resolve("webapps/ROOT/WEB-INF")), "the instance in the folder");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        Commands.awaitGone(pid, Duration.ofSeconds(60));
        assertTrue(LauncherProcess.logs(instance).contains("Collector stopped"));
    }
}
