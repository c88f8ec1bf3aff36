package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The WAR dropped into Debian's own Tomcat (the tomcat10 package, docs/install.md): copied into
 * /var/lib/tomcat10/webapps, Tomcat run as the tomcat user with Debian's configuration (in a scratch
 * CATALINA_BASE, so that its connector listens on a free loopback port and /etc/tomcat10 stays as it is),
 * the collector's configuration named by the lustre.collector.filename system property, and getTraps called
 * through it. It needs root (to become tomcat) and the package: .ci/run installs it.
 */
class DropInWarIT {
    private static final Path CATALINA_SH = Path.of("/usr/share/tomcat10/bin/catalina.sh");
    private static final Path DEBIAN_CONF = Path.of("/etc/tomcat10");
    private static final Path WEBAPPS = Path.of("/var/lib/tomcat10/webapps");
    private static final String CONTEXT = "lustre-collector-dropin-it";

    @Test
    void debiansTomcatServesTheWarAsTheTomcatUser() throws Exception {
        if (!Files.isExecutable(CATALINA_SH)) {
            fail("Debian's tomcat10 is not installed (" + CATALINA_SH + "): apt-get install tomcat10, as .ci/run does");
        }
        if (!Commands.isRoot()) {
            fail("DropInWarIT must run as root to start Tomcat as the tomcat user (CI does)");
        }
        Path base = Files.createTempDirectory("lustre-collector-dropin");
        Path war = WEBAPPS.resolve(CONTEXT + ".war");
        Process tomcat = null;
        try {
            int port = LauncherProcess.freePort();
            Path conf = base.resolve("conf");
            Commands.ok(base, "cp", "-r", DEBIAN_CONF + "/.", conf.toString());
            Path serverXml = conf.resolve("server.xml");
            String debian = Files.readString(serverXml, StandardCharsets.UTF_8);
            assertTrue(debian.contains("<Connector port=\"8080\"") && debian.contains("appBase=\"webapps\""), debian);
            Files.writeString(serverXml, debian
                    .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"")
                    .replace("appBase=\"webapps\"", "appBase=\"" + WEBAPPS + "\""), StandardCharsets.UTF_8);
            for (String dir : List.of("logs", "work", "temp")) {
                Files.createDirectories(base.resolve(dir));
            }
            Path traps = base.resolve("traps");
            Files.writeString(traps, "dropin-1\t" + System.currentTimeMillis() / 1000
                    + "\tCRITICAL\tlustre\tlustre-MDT0000\tthrough Debian's Tomcat\n", StandardCharsets.UTF_8);
            Path config = base.resolve("collector.conf");
            Files.writeString(config, "trapfile = " + traps + "\ntrapfilemode = regular\nlustreroot = " + base + "\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Commands.ok(base, "chown", "-R", "tomcat:tomcat", base.toString());

            Files.copy(TomcatItSupport.builtWar().toPath(), war, StandardCopyOption.REPLACE_EXISTING);
            Commands.ok(base, "chown", "tomcat:tomcat", war.toString());

            ProcessBuilder pb = new ProcessBuilder("runuser", "-u", "tomcat", "--", "env",
                    "CATALINA_HOME=/usr/share/tomcat10", "CATALINA_BASE=" + base, "CATALINA_TMPDIR=" + base.resolve("temp"),
                    "JAVA_OPTS=-Djava.awt.headless=true -Dlustre.collector.filename=" + config,
                    CATALINA_SH.toString(), "run")
                    .directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(base.resolve("logs/console.out").toFile());
            tomcat = pb.start();

            URL url = new URL("http://127.0.0.1:" + port + "/" + CONTEXT + "/");
            Commands.awaitTraps(url, Duration.ofSeconds(90));
            Object[] answer = (Object[]) TomcatItSupport.call(url, "getTraps", 0);
            Object[] first = (Object[]) ((Object[]) answer[0])[0];
            assertEquals("dropin-1", first[4]);
            assertEquals("through Debian's Tomcat", first[0]);
            String user = tomcat.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst().flatMap(p -> p.info().user()).orElse("?");
            assertEquals("tomcat", user, "Tomcat's JVM runs as tomcat");
        } finally {
            if (tomcat != null) {
                List<ProcessHandle> jvms = tomcat.descendants().toList();
                tomcat.destroy();
                if (!tomcat.waitFor(60, TimeUnit.SECONDS)) {
                    tomcat.destroyForcibly();
                }
                jvms.forEach(ProcessHandle::destroy);
            }
            Files.deleteIfExists(war);
            Commands.run(base, "rm", "-rf", WEBAPPS.resolve(CONTEXT).toString(), base.toString());
        }
    }
}
