package org.lustrecollector.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Version;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.ConfigException;
import org.lustrecollector.config.TestConfig;

/** The command line: help with every option and its default, version, and one line with status 2 for bad input. */
class LustreCollectorCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String user, String... args) {
        LauncherLayout layout = new LauncherLayout(dir.resolve("home"), dir.resolve("war"), dir.resolve("conf"),
                dir.resolve("base"), dir.resolve("demo"), dir.resolve("plan"));
        return LustreCollectorCommand.run(layout, user, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void helpShowsEveryOptionWithItsDefault() {
        assertEquals(0, run("someone", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("-p, --port=PORT", "-h, --host=ADDRESS", "-d, --daemon", "-f, --file=FILE",
                "-m, --maxtraps=N", "--trapfile=FILE", "--interval=DURATION", "--allow=CIDRS", "--demo", "--help", "--version")) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        for (String value : List.of("Default: 8980", "Default: 127.0.0.1", "Default: ~/.lustre-collector", "Default: 250",
                "Default: /proc/fs/lustre/traps", "Default: 5s", "Default: 127.0.0.1/32, ::1/128", "Default: false")) {
            assertTrue(help.contains(value), value + " in\n" + help);
        }
        assertFalse(Files.exists(dir.resolve("base")), "help touches nothing");
    }

    @Test
    void versionIsTheBuildsVersion() {
        assertEquals(0, run("someone", "--version"));
        assertEquals("lustre-collector " + Version.current() + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOptionOrMissingValueIsOneLineAndStatusTwo() {
        assertEquals(2, run("someone", "-x"));
        assertEquals(List.of("lustre-collector: Unknown option: '-x' (see --help)"), errLines());
        err.reset();
        assertEquals(2, run("someone", "--maxtraps"));
        assertEquals(List.of("lustre-collector: Missing required parameter for option '--maxtraps' (N) (see --help)"), errLines());
        err.reset();
        assertEquals(2, run("someone", "--daemon=perhaps"));
        assertEquals(1, errLines().size(), errLines().toString());
    }

    @Test
    void aBadValueIsCheckedLikeOneFromAFile() {
        assertEquals(2, run("someone", "-p", "70000"));
        assertEquals(List.of("lustre-collector: Bad configuration: port=70000 (from command line): "
                + "expected a port number from 1 to 65535"), errLines());
        assertFalse(Files.exists(dir.resolve("base")), "nothing laid out for a bad value");
    }

    @Test
    void theCommandLineGoesOverTheFileGivenWithF() throws Exception {
        Path file = dir.resolve("collector.conf");
        Files.writeString(file, "maxtraps = abc\n");
        assertEquals(2, run("someone", "-f", file.toString()));
        assertTrue(errLines().get(0).startsWith("lustre-collector: Bad configuration: maxtraps=abc (from " + file), errLines().toString());
        err.reset();
        // the command line's good value wins over the file's bad one: it gets as far as laying out the instance
        assertEquals(1, run("someone", "-f", file.toString(), "-m", "10"));
        assertTrue(errLines().get(0).startsWith("lustre-collector: cannot prepare the instance"), errLines().toString());
    }

    @Test
    void aMaxtrapsTheCollectorsHeapCannotHoldIsRefusedBeforeTomcatStarts() {
        assertEquals(2, run("someone", "-m", "1000000"));
        assertEquals(1, errLines().size(), errLines().toString());
        assertTrue(errLines().get(0).startsWith("lustre-collector: Bad configuration: maxtraps=1000000 (from command line): "
                + "a store of 1000000 traps needs a heap of at least "), errLines().toString());
        assertTrue(errLines().get(0).contains("the collector's JVM (-Xmx256m) has 256 MiB"), errLines().toString());
        assertFalse(Files.exists(dir.resolve("base")), "nothing laid out for a store that cannot fit");
    }

    @Test
    void theLastXmxOfTheTomcatCommandIsTheHeapChecked() {
        CollectorConfig million = TestConfig.of("maxtraps", "1000000");
        assertDoesNotThrow(() -> LustreCollectorCommand.checkHeap(million, "-Xms64m -Xmx256m -XX:+UseSerialGC -Xmx2g"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> LustreCollectorCommand.checkHeap(million, "-Xmx4g '-Dlustre.collector.trapfile=/x -Xmx8g' -Xmx512M"));
        assertTrue(e.getMessage().contains("the collector's JVM (-Xmx512M) has 512 MiB"), e.getMessage());
    }

    @Test
    void rootIsRefusedExceptForADemo() {
        assertEquals(2, run("root"));
        assertEquals(List.of("lustre-collector: refusing to run as root; run it as an unprivileged user "
                + "(only --demo runs as root, for trying it out)"), errLines());
    }

    @Test
    void tomcatGetsTheGivenOptionsAsQuotedSystemProperties() {
        TomcatCommand tomcat = new TomcatCommand(
                new LauncherLayout(dir, dir, dir, dir.resolve("base"), dir, dir.resolve("plan")),
                TestConfig.of("port", "9000", "allow", "127.0.0.1/32, ::1/128"),
                Map.of("trapfile", "/srv/it's here/traps"));
        String opts = tomcat.catalinaOpts();
        assertTrue(opts.contains("'-Dlustre.collector.trapfile=/srv/it'\\''s here/traps'"), opts);
        assertTrue(opts.contains("'-Dlustre.collector.port=9000'") && opts.contains("'-Dlustre.collector.allow=127.0.0.1/32,::1/128'"), opts);
        List<String> command = tomcat.foreground();
        assertEquals(List.of("env", "-u", "CATALINA_PID", "CATALINA_HOME=" + dir, "CATALINA_BASE=" + dir.resolve("base")),
                command.subList(0, 5));
        assertEquals(List.of(dir.resolve("bin/catalina.sh").toString(), "run"), command.subList(command.size() - 2, command.size()));
    }
}
