package org.lustrecollector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lustrecollector.trapfile.TrapFileMode;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path systemFile;
    private Path home;
    private Path userFile;

    @BeforeEach
    void layout() throws IOException {
        systemFile = dir.resolve("etc").resolve("config");
        home = Files.createDirectories(dir.resolve("home"));
        userFile = home.resolve(".lustre-collector");
    }

    private CollectorConfig load() {
        return load(Map.of(), Map.of());
    }

    private CollectorConfig load(Map<String, String> systemProperties, Map<String, String> commandLine) {
        return new ConfigLoader(systemFile, home, systemProperties, commandLine).load();
    }

    private ConfigException loadFails(Map<String, String> systemProperties, Map<String, String> commandLine) {
        return assertThrows(ConfigException.class, () -> load(systemProperties, commandLine));
    }

    private static Path write(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
    }

    // ---- defaults and precedence ----

    @Test
    void withNoFilesEveryOptionHasItsDefault() {
        CollectorConfig c = load();
        assertEquals("127.0.0.1", c.host());
        assertEquals(8980, c.port());
        assertFalse(c.daemon());
        assertEquals(250, c.maxTraps());
        assertEquals(Duration.ofHours(24), c.retention());
        assertEquals(Duration.ofSeconds(5), c.interval());
        assertEquals(List.of("127.0.0.1/32", "::1/128"), c.allow());
        assertEquals(TrapFileMode.AUTO, c.trapFileMode());
        assertEquals(Path.of("/proc/fs/lustre/traps"), c.trapFile());
        assertFalse(c.demo());
        assertEquals(Path.of("/"), c.lustreRoot());
        assertEquals(5.0, c.spaceWarnPercent());
        assertEquals(Optional.empty(), c.kernelLog());
        assertEquals(1024 * 1024, c.maxBodyBytes());
        assertTrue(c.requireUser());
        assertEquals("127.0.0.1", c.ajpHost());
        assertEquals(8009, c.ajpPort());
        assertEquals(Path.of("/etc/lustre-collector/ajp-secret"), c.ajpSecretFile());
        assertEquals(List.of(), c.sources());
    }

    @Test
    void sizesPercentagesAndOptionalPathsAreParsed() {
        CollectorConfig c = load(Map.of(), Map.of("maxbody", "512k", "spacewarn", "2.5", "kernellog", "/var/log/lustre.log"));
        assertEquals(512 * 1024, c.maxBodyBytes());
        assertEquals(2.5, c.spaceWarnPercent());
        assertEquals(Optional.of(Path.of("/var/log/lustre.log")), c.kernelLog());
        assertEquals(64 * 1024 * 1024, load(Map.of(), Map.of("maxbody", "64m")).maxBodyBytes());
    }

    @Test
    void eachLayerOverridesTheOnesBelowIt() throws IOException {
        write(systemFile,
                "; system-wide",
                "host = 10.1.1.1",
                "port = 1001",
                "maxtraps = 1",
                "interval = 1s",
                "retention = 1h",
                "demo = true");
        write(userFile,
                "# the user's",
                "maxtraps = 2",
                "interval = 2s",
                "retention = 2h",
                "demo = false");
        Map<String, String> props = Map.of(
                "lustre.collector.interval", "3s",
                "lustre.collector.retention", "3h",
                "lustre.collector.demo", "true",
                "maxtraps", "999", // no prefix: not ours
                "java.version", "17");
        Map<String, String> commandLine = Map.of("retention", "4h", "demo", "false");

        CollectorConfig c = load(props, commandLine);
        assertEquals("10.1.1.1", c.host(), "system file over defaults");
        assertEquals(1001, c.port(), "system file over defaults");
        assertEquals(2, c.maxTraps(), "user file over system file");
        assertEquals(Duration.ofSeconds(3), c.interval(), "system property over user file");
        assertEquals(Duration.ofHours(4), c.retention(), "command line over system property");
        assertFalse(c.demo(), "command line over system property");
        assertEquals(List.of(systemFile, userFile), c.sources());

        CollectorConfig filesOnly = load();
        assertEquals(2, filesOnly.maxTraps());
        assertEquals(Duration.ofSeconds(2), filesOnly.interval());
        assertEquals(Duration.ofHours(2), filesOnly.retention());
        assertFalse(filesOnly.demo(), "user file over system file");
    }

    @Test
    void systemFileAloneOverridesDefaults() throws IOException {
        write(systemFile, "maxtraps = 77", "trapfilemode = procfs", "daemon = yes");
        CollectorConfig c = load();
        assertEquals(77, c.maxTraps());
        assertEquals(TrapFileMode.PROCFS, c.trapFileMode());
        assertTrue(c.daemon());
        assertEquals(List.of(systemFile), c.sources());
    }

    @Test
    void systemPropertyOverridesBothFiles() throws IOException {
        write(systemFile, "port = 1001");
        write(userFile, "port = 1002");
        assertEquals(1002, load().port());
        assertEquals(1003, load(Map.of("lustre.collector.port", "1003"), Map.of()).port());
        assertEquals(1004, load(Map.of("lustre.collector.port", "1003"), Map.of("port", "1004")).port());
    }

    // ---- filename ----

    @Test
    void filenameFromASystemPropertyReplacesTheUsersFile() throws IOException {
        write(systemFile, "host = 10.0.0.1");
        write(userFile, "maxtraps = 2", "port = 2222");
        Path other = write(dir.resolve("other.conf"), "maxtraps = 7");

        CollectorConfig c = load(Map.of("lustre.collector.filename", other.toString()), Map.of());
        assertEquals(7, c.maxTraps());
        assertEquals(8980, c.port(), "the user's file is not read at all");
        assertEquals("10.0.0.1", c.host(), "the system file still is");
        assertEquals(List.of(systemFile, other), c.sources());
    }

    @Test
    void filenameFromTheCommandLineReplacesTheUsersFileAndWinsOverTheProperty() throws IOException {
        write(userFile, "maxtraps = 2");
        Path fromProperty = write(dir.resolve("property.conf"), "maxtraps = 7");
        Path fromCommandLine = write(dir.resolve("cli.conf"), "maxtraps = 8");

        assertEquals(8, load(Map.of(), Map.of("filename", fromCommandLine.toString())).maxTraps());
        CollectorConfig both = load(Map.of("lustre.collector.filename", fromProperty.toString()),
                Map.of("filename", fromCommandLine.toString()));
        assertEquals(8, both.maxTraps());
        assertEquals(List.of(fromCommandLine), both.sources());
    }

    @Test
    void theFilesValuesStillLoseToPropertiesAndCommandLine() throws IOException {
        Path other = write(dir.resolve("other.conf"), "maxtraps = 7", "port = 7777");
        CollectorConfig c = load(Map.of("lustre.collector.filename", other.toString(),
                "lustre.collector.maxtraps", "8"), Map.of("port", "9999"));
        assertEquals(8, c.maxTraps());
        assertEquals(9999, c.port());
    }

    @Test
    void aMissingFilenameFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("no-such.conf");
        ConfigException e = loadFails(Map.of(), Map.of("filename", missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("filename"), e.getMessage());
        assertTrue(e.getMessage().contains("command line"), e.getMessage());
        assertOneLine(e.getMessage());

        ConfigException fromProperty = loadFails(Map.of("lustre.collector.filename", missing.toString()), Map.of());
        assertTrue(fromProperty.getMessage().contains(missing.toString()), fromProperty.getMessage());
        assertTrue(fromProperty.getMessage().contains("system propert"), fromProperty.getMessage());
    }

    // ---- bad values ----

    @ParameterizedTest
    @CsvSource({
            "maxtraps, abc",
            "maxtraps, 0",
            "maxtraps, 1000001",
            "port, 70000",
            "port, 0",
            "interval, 0",
            "interval, 2h",
            "outagewindow, 11m",
            "outagewindow, -1",
            "retention, xyz",
            "retention, 0",
            "allow, not-a-cidr",
            "allow, 10.0.0.0/33",
            "daemon, maybe",
            "demo, perhaps",
            "trapfilemode, foo",
            "spacewarn, 101",
            "spacewarn, lots",
            "maxbody, 65m",
            "maxbody, 10",
            "maxbody, 1g",
            "requireuser, sometimes",
            "ajpport, 0",
    })
    void aBadValueInAFileNamesTheOptionTheValueAndTheFile(String option, String value) throws IOException {
        write(userFile, "host = 10.0.0.1", option + " = " + value);
        ConfigException e = loadFails(Map.of(), Map.of());
        String m = e.getMessage();
        assertTrue(m.contains(option + "=" + value), m);
        assertTrue(m.contains(userFile.toString()), m);
        assertOneLine(m);
    }

    @Test
    void aBadValueInTheSystemFileNamesThatFile() throws IOException {
        write(systemFile, "port = 70000");
        write(userFile, "maxtraps = 100");
        String m = loadFails(Map.of(), Map.of()).getMessage();
        assertTrue(m.contains("port=70000"), m);
        assertTrue(m.contains(systemFile.toString()), m);
        assertOneLine(m);
    }

    @Test
    void aBadValueOverridingAGoodOneNamesWhereTheBadOneCameFrom() throws IOException {
        write(userFile, "maxtraps = abc");
        String m = loadFails(Map.of(), Map.of("maxtraps", "0")).getMessage();
        assertTrue(m.contains("maxtraps=0"), m);
        assertTrue(m.contains("command line"), m);
        assertFalse(m.contains(userFile.toString()), m);
    }

    @Test
    void aBadValueFromASystemPropertyNamesIt() {
        String m = loadFails(Map.of("lustre.collector.daemon", "maybe"), Map.of()).getMessage();
        assertTrue(m.contains("daemon=maybe"), m);
        assertTrue(m.contains("system property lustre.collector.daemon"), m);
        assertOneLine(m);
    }

    @Test
    void anOptionSetTwiceInOneFileIsAnErrorNamingTheFile() throws IOException {
        write(userFile, "maxtraps = 100", "maxtraps = abc");
        String m = loadFails(Map.of(), Map.of()).getMessage();
        assertTrue(m.contains("maxtraps is set more than once in " + userFile), m);
        assertOneLine(m);
    }

    @Test
    void aBadValueFromTheCommandLineNamesIt() {
        String m = loadFails(Map.of(), Map.of("retention", "xyz")).getMessage();
        assertTrue(m.contains("retention=xyz"), m);
        assertTrue(m.contains("command line"), m);
        assertOneLine(m);
    }

    // ---- unreadable files ----

    @Test
    void aUserFileThatCannotBeReadIsAnErrorNamingIt() throws IOException {
        // A directory where the file should be: unreadable as a file whatever the uid (root ignores chmod).
        Files.createDirectory(userFile);
        ConfigException e = loadFails(Map.of(), Map.of());
        assertTrue(e.getMessage().contains(userFile.toString()), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void aFileWithoutReadPermissionIsAnErrorNamingItUnlessThisUserMayReadItAnyway() throws IOException {
        write(userFile, "maxtraps = 33");
        Files.setPosixFilePermissions(userFile, PosixFilePermissions.fromString("---------"));
        try {
            if (Files.isReadable(userFile)) {
                // root (CAP_DAC_OVERRIDE) reads it whatever the mode.
                assertEquals(33, load().maxTraps());
            } else {
                ConfigException e = loadFails(Map.of(), Map.of());
                assertTrue(e.getMessage().contains(userFile.toString()), e.getMessage());
                assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
                assertOneLine(e.getMessage());
            }
        } finally {
            Files.setPosixFilePermissions(userFile, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aSystemFileThatIsNotUtf8IsAnErrorNamingIt() throws IOException {
        Files.createDirectories(systemFile.getParent());
        Files.write(systemFile, new byte[] {'p', 'o', 'r', 't', '=', '8', (byte) 0xC3, (byte) 0x28, '\n'});
        ConfigException e = loadFails(Map.of(), Map.of());
        assertTrue(e.getMessage().contains(systemFile.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void aFilenameThatIsADirectoryIsAnErrorNamingIt() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        ConfigException e = loadFails(Map.of("lustre.collector.filename", folder.toString()), Map.of());
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
    }

    // ---- value syntax ----

    @ParameterizedTest
    @CsvSource({
            "90m, 5400",
            "24h, 86400",
            "2d, 172800",
            "300, 300",
            "300s, 300",
            "10min, 600",
            "2D, 172800",
    })
    void durationsTakeAnOptionalUnit(String text, long seconds) throws IOException {
        write(userFile, "retention = " + text);
        assertEquals(Duration.ofSeconds(seconds), load().retention());
    }

    @Test
    void outageWindowZeroTurnsGroupingOffAndAnyOtherValueIsAtLeastASecond() {
        assertEquals(Duration.ZERO, load(Map.of(), Map.of("outagewindow", "0")).outageWindow());
        assertEquals(Duration.ZERO, load(Map.of(), Map.of("outagewindow", "0s")).outageWindow());
        assertEquals(Duration.ofSeconds(1), load(Map.of(), Map.of("outagewindow", "1")).outageWindow());
        assertEquals(Duration.ofMinutes(10), load(Map.of(), Map.of("outagewindow", "10m")).outageWindow());
        String m = loadFails(Map.of(), Map.of("outagewindow", "1h")).getMessage();
        assertTrue(m.contains("0 to turn outage grouping off, or a duration from 1 s to 10 min"), m);
    }

    @Test
    void intervalAcceptsSecondsUpToAnHour() {
        assertEquals(Duration.ofSeconds(1), load(Map.of(), Map.of("interval", "1")).interval());
        assertEquals(Duration.ofHours(1), load(Map.of(), Map.of("interval", "60m")).interval());
    }

    @Test
    void ipv6AndIpv4CidrRangesAreAcceptedFromAFile() throws IOException {
        write(userFile, "allow = fe80::/10, 2001:db8::/32 10.0.0.0/8,::1/128");
        assertEquals(List.of("fe80::/10", "2001:db8::/32", "10.0.0.0/8", "::1/128"), load().allow());
    }

    @Test
    void ipv6CidrRangesAreAcceptedFromAPropertyAndTheCommandLine() {
        assertEquals(List.of("::1/128"), load(Map.of("lustre.collector.allow", "::1/128"), Map.of()).allow());
        assertEquals(List.of("fd00::/8", "192.168.0.0/16"),
                load(Map.of(), Map.of("allow", "fd00::/8, 192.168.0.0/16")).allow());
    }

    @Test
    void booleansAndModesIgnoreCase() {
        CollectorConfig c = load(Map.of(), Map.of("daemon", "ON", "demo", "Yes", "trapfilemode", "Regular"));
        assertTrue(c.daemon());
        assertTrue(c.demo());
        assertEquals(TrapFileMode.REGULAR, c.trapFileMode());
    }

    @Test
    void aRelativeTrapFileIsMadeAbsolute() {
        CollectorConfig c = load(Map.of(), Map.of("trapfile", "some/traps"));
        assertTrue(c.trapFile().isAbsolute(), c.trapFile().toString());
        assertTrue(c.trapFile().endsWith(Path.of("some", "traps")), c.trapFile().toString());
    }

    @Test
    void unknownOptionsOnlyWarn() throws IOException {
        write(userFile, "colour = blue", "maxtraps = 12");
        List<String> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(ConfigLoader.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (warnings) {
                        warnings.add(record.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        CollectorConfig c;
        try {
            c = load(Map.of("lustre.collector.flavour", "mint"), Map.of("bogus", "1"));
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(12, c.maxTraps());
        synchronized (warnings) {
            assertTrue(warnings.stream().anyMatch(w -> w.contains("colour") && w.contains(userFile.toString())),
                    warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("flavour")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("bogus") && w.contains("command line")),
                    warnings.toString());
            assertFalse(warnings.stream().anyMatch(w -> w.contains("'maxtraps'")), warnings.toString());
        }
    }
}
