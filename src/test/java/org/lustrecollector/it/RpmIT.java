package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The RPM as rpm/build-rpm builds it (docs/install.md): its files, owners, flags, scriptlets and
 * requirements, then installed into a scratch root and run there through its init script as an
 * unprivileged user: start, getTraps, status, a changed configuration honoured on restart, stop, status.
 *
 * <p>CI's Debian has no rpm database or users for a scratch root and scriptlets would run chrooted into a
 * root without a shell, so it installs with --noscripts and does by hand what %pre and %post do: a scratch
 * user lcitest (made with useradd when the test runs as root, as in CI) owns the instance and log folders,
 * and the shipped make-ajp-secret writes the AJP secret for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RpmIT {
    private static final String TEST_USER = "lcitest";
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(90);

    private static Path rpm;
    private static Path root;
    private static String user;
    private static boolean userCreated;

    @BeforeAll
    static void buildRpm() throws Exception {
        String built = Commands.ok(LauncherProcess.PROJECT, LauncherProcess.PROJECT.resolve("rpm/build-rpm").toString());
        List<String> lines = Commands.lines(built);
        rpm = Path.of(lines.get(lines.size() - 1).trim());
        assertTrue(Files.isRegularFile(rpm), built);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (root != null) {
            Commands.run(root, initEnv(), INIT_TIMEOUT, initScript().toString(), "stop");
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (userCreated) {
            Commands.run(Path.of("/"), "userdel", TEST_USER);
        }
    }

    @Test
    @Order(1)
    void listsTheInstalledFilesWithTheirOwnersAndModes() throws Exception {
        String files = Commands.ok(LauncherProcess.PROJECT, "rpm", "-qlvp", rpm.toString());
        assertFile(files, "-rwxr-xr-x", "root", "/usr/bin/lustre-collector");
        assertFile(files, "-rwxr-xr-x", "root", "/usr/bin/lustre-monitor");
        assertFile(files, "-rw-r--r--", "root", "/usr/share/lustre-collector/lustre-collector.war");
        assertFile(files, "-rw-r--r--", "root", "/usr/share/lustre-collector/lustre-monitor.jar");
        assertFile(files, "-rw-r--r--", "root", "/usr/share/lustre-collector/lib/lustre-collector-cli.jar");
        assertFile(files, "-rwxr-xr-x", "root", "/usr/share/lustre-collector/tomcat/bin/catalina.sh");
        assertFile(files, "-rw-r--r--", "root", "/usr/share/lustre-collector/tomcat/lib/catalina.jar");
        assertFile(files, "-rw-r--r--", "root", "/etc/lustre-collector/config");
        assertFile(files, "-rw-------", "lustre-c", "/etc/lustre-collector/ajp-secret");
        assertFile(files, "-rwxr-xr-x", "root", "/etc/init.d/lustre-collector");
        assertFile(files, "-rw-r--r--", "root", "/etc/cron.d/lustre-collector");
        assertFile(files, "-rw-r--r--", "root", "/usr/lib/systemd/system/lustre-collector.service");
        assertFile(files, "drwxr-x---", "lustre-c", "/var/log/lustre-collector");
        assertFile(files, "drwxr-x---", "lustre-c", "/var/lib/lustre-collector");
        assertTrue(files.lines().noneMatch(l -> l.contains("/webapps/") || l.endsWith(".bat")), files);

        String owners = Commands.ok(LauncherProcess.PROJECT, "rpm", "-qp", "--queryformat",
                "[%{FILEUSERNAME}:%{FILEGROUPNAME} %{FILEFLAGS:fflags} %{FILENAMES}\n]", rpm.toString());
        assertTrue(owners.contains("lustre-collector:lustre-collector cng /etc/lustre-collector/ajp-secret"), owners);
        assertTrue(owners.contains("root:root cn /etc/lustre-collector/config"), owners);
        assertTrue(owners.contains("lustre-collector:lustre-collector  /var/lib/lustre-collector\n"), owners);
        assertTrue(owners.contains("lustre-collector:lustre-collector  /var/log/lustre-collector\n"), owners);

        String requires = Commands.ok(LauncherProcess.PROJECT, "rpm", "-qp", "--requires", rpm.toString());
        assertTrue(requires.contains("(java-17-headless or java-21-headless or java-25-headless or java-latest-openjdk-headless)"), requires);
        assertTrue(requires.contains("shadow-utils"), requires);
    }

    @Test
    @Order(2)
    void scriptletsCreateTheUserGenerateTheSecretAndManageTheService() throws Exception {
        String scripts = Commands.ok(LauncherProcess.PROJECT, "rpm", "-qp", "--scripts", rpm.toString());
        String pre = section(scripts, "preinstall scriptlet");
        assertTrue(pre.contains("useradd -r -g lustre-collector -d /var/lib/lustre-collector -s /sbin/nologin"), pre);
        assertTrue(pre.contains("groupadd -r lustre-collector"), pre);
        String post = section(scripts, "postinstall scriptlet");
        assertTrue(post.contains("/usr/share/lustre-collector/lib/make-ajp-secret /etc/lustre-collector/ajp-secret lustre-collector"), post);
        assertTrue(post.contains("systemctl daemon-reload") && post.contains("chkconfig --add lustre-collector"), post);
        String preun = section(scripts, "preuninstall scriptlet");
        assertTrue(preun.contains("/etc/init.d/lustre-collector stop") && preun.contains("disable --now"), preun);
        String postun = section(scripts, "postuninstall scriptlet");
        assertTrue(postun.contains("/etc/init.d/lustre-collector condrestart") && postun.contains("try-restart"), postun);
    }

    @Test
    @Order(3)
    void installedInAScratchRootItsInitScriptRunsTheCollectorAsAnUnprivilegedUser() throws Exception {
        installIntoScratchRoot();
        user = Commands.isRoot() ? TEST_USER : System.getProperty("user.name");
        if (Commands.isRoot() && Commands.run(Path.of("/"), "id", TEST_USER).status() != 0) {
            Commands.ok(Path.of("/"), "useradd", "-r", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", TEST_USER);
            userCreated = true;
        }
        Path varLib = root.resolve("var/lib/lustre-collector");
        Path varLog = root.resolve("var/log/lustre-collector");
        Path traps = varLib.resolve("traps");
        Files.writeString(traps, "rpm-1\t" + System.currentTimeMillis() / 1000 + "\tWARNING\tlustre\tlustre-OST0001\tfrom the scratch root\n");
        if (Commands.isRoot()) {
            Commands.ok(root, "chown", "-R", user + ":" + user, varLib.toString(), varLog.toString());
        }
        // what %post does, for the scratch user
        Path secret = root.resolve("etc/lustre-collector/ajp-secret");
        Path makeSecret = root.resolve("usr/share/lustre-collector/lib/make-ajp-secret");
        Commands.ok(root, makeSecret.toString(), secret.toString(), user);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals(user, Files.getOwner(secret).getName());
        String generated = Files.readString(secret, StandardCharsets.US_ASCII);
        assertTrue(generated.matches("[0-9a-f]{48}\n"), generated);
        Commands.ok(root, makeSecret.toString(), secret.toString(), user);
        assertEquals(generated, Files.readString(secret, StandardCharsets.US_ASCII), "an upgrade keeps the secret");

        int port = LauncherProcess.freePort();
        Path config = root.resolve("etc/lustre-collector/config");
        writeConfig(config, port, traps, secret, 100);
        Files.writeString(root.resolve("etc/sysconfig/lustre-collector"), "LUSTRE_COLLECTOR_USER=" + user + "\n");

        URL url = new URL("http://127.0.0.1:" + port + "/");
        Commands.Result start = init("start");
        assertEquals(0, start.status(), start.output());
        Commands.awaitTraps(url, Duration.ofSeconds(5));
        Object[] answer = (Object[]) TomcatItSupport.call(url, "getTraps", 0);
        assertEquals("rpm-1", ((Object[]) ((Object[]) answer[0])[0])[4]);
        long pid = Commands.pidIn(varLib.resolve("lustre-collector.pid"));
        assertEquals(user, ProcessHandle.of(pid).orElseThrow().info().user().orElse(""), "the collector's user");

        Commands.Result status = init("status");
        assertEquals(0, status.status(), status.output());
        assertTrue(status.output().contains("running (pid " + pid + ")"), status.output());
        assertEquals(0, init("start").status(), "start when running succeeds");

        writeConfig(config, port, traps, secret, 7);
        Commands.Result restart = init("restart");
        assertEquals(0, restart.status(), restart.output());
        Commands.awaitGone(pid, Duration.ofSeconds(5));
        Map<?, ?> collectorStatus = (Map<?, ?>) TomcatItSupport.call(url, "getStatus");
        assertEquals(7, collectorStatus.get("maxtraps"), collectorStatus.toString());
        assertTrue(Files.list(varLog).anyMatch(f -> f.getFileName().toString().startsWith("lustre-collector.")),
                "logs in var/log/lustre-collector through the instance's logs link");

        long restarted = Commands.pidIn(varLib.resolve("lustre-collector.pid"));
        assertEquals(0, init("revive").status(), "revive of a running collector does nothing");
        assertEquals(restarted, Commands.pidIn(varLib.resolve("lustre-collector.pid")));
        // A JVM that ends by itself (ExitOnOutOfMemoryError) leaves its pid file: revive, run by the shipped
        // cron line where there is no systemd, starts it again.
        ProcessHandle.of(restarted).orElseThrow().destroyForcibly();
        Commands.awaitGone(restarted, Duration.ofSeconds(5));
        assertEquals(1, init("status").status(), "dead, pid file left");
        Commands.Result revived = init("revive");
        assertEquals(0, revived.status(), revived.output());
        Commands.awaitTraps(url, Duration.ofSeconds(5));
        restarted = Commands.pidIn(varLib.resolve("lustre-collector.pid"));
        assertTrue(ProcessHandle.of(restarted).isPresent(), "revived");
        String cron = Files.readString(root.resolve("etc/cron.d/lustre-collector"), StandardCharsets.UTF_8);
        assertTrue(cron.lines().anyMatch(l -> l.startsWith("* * * * * root ") && l.contains("/etc/init.d/lustre-collector revive")),
                cron);
        Commands.Result stop = init("stop");
        assertEquals(0, stop.status(), stop.output());
        Commands.awaitGone(restarted, Duration.ofSeconds(5));
        Commands.Result stopped = init("status");
        assertEquals(3, stopped.status(), stopped.output());
        assertTrue(stopped.output().contains("stopped"), stopped.output());
        assertEquals(0, init("stop").status(), "stop when stopped succeeds");
        assertEquals(0, init("condrestart").status(), "condrestart when stopped does nothing");
        assertEquals(3, init("status").status());
        assertEquals(2, init("frobnicate").status(), "an unknown action");
    }

    private static void installIntoScratchRoot() throws Exception {
        root = Files.createTempDirectory("lustre-collector-rpm-root");
        // the unprivileged user must reach the scratch root's files
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Commands.Result installed = Commands.run(root, Map.of(), Duration.ofSeconds(60),
                "rpm", "-i", "--root", root.toString(), "--nodeps", "--noscripts", rpm.toString());
        if (installed.status() != 0) {
            // where rpm cannot install into a scratch root at all: the payload as rpm would lay it
            Commands.ok(root, "sh", "-c", "rpm2cpio \"$0\" | cpio -idm --quiet", rpm.toString());
        }
        assertTrue(Files.isExecutable(initScript()), installed.output());
        Files.createDirectories(root.resolve("etc/sysconfig"));
        assertTrue(Files.isSymbolicLink(root.resolve("var/lib/lustre-collector/logs")));
    }

    private static void writeConfig(Path config, int port, Path traps, Path secret, int maxTraps) throws IOException {
        String shipped = Files.readString(LauncherProcess.PROJECT.resolve("conf/config"), StandardCharsets.UTF_8);
        Files.writeString(config, shipped + "\n; the scratch root's\nport = " + port + "\ntrapfile = " + traps
                + "\ntrapfilemode = regular\nmaxtraps = " + maxTraps + "\najpsecretfile = " + secret
                + "\najpport = " + LauncherProcess.freePort() + "\nlustreroot = " + config.getParent() + "\n",
                StandardCharsets.UTF_8);
    }

    private static Path initScript() {
        return root.resolve("etc/init.d/lustre-collector");
    }

    private static Map<String, String> initEnv() {
        return Map.of("LUSTRE_COLLECTOR_ROOT", root.toString());
    }

    private static Commands.Result init(String action) throws IOException, InterruptedException {
        return Commands.run(root, initEnv(), INIT_TIMEOUT, initScript().toString(), action);
    }

    private static void assertFile(String listing, String mode, String owner, String path) {
        assertTrue(listing.lines().anyMatch(l -> l.startsWith(mode) && l.split("\\s+")[2].equals(owner) && l.endsWith(" " + path)),
                mode + " " + owner + " " + path + " in\n" + listing);
    }

    /** One scriptlet of {@code rpm -qp --scripts}: from its heading to the next. */
    private static String section(String scripts, String heading) {
        int start = scripts.indexOf(heading);
        assertTrue(start >= 0, heading + " in\n" + scripts);
        int end = scripts.indexOf(" scriptlet (using ", start + heading.length());
        int next = end < 0 ? -1 : scripts.lastIndexOf('\n', end);
        return next < 0 ? scripts.substring(start) : scripts.substring(start, next);
    }
}
