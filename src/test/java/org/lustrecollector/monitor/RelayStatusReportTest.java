package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --status reads the relay's status file: current counts per Alertmanager and how old they are; a stale
 * status, a stopped relay's, a missing or corrupt file are one line each and exit status 1. Then the
 * option through the command line: --relay-status, and the default under systemd ($RUNTIME_DIRECTORY).
 */
class RelayStatusReportTest {
    private static final Instant WRITTEN = Instant.parse("2026-12-01T10:05:00.250Z");
    private static final Instant STARTED = Instant.parse("2026-12-01T08:00:00.900Z");

    @TempDir
    Path dir;

    private static RelayStatus status(boolean running, Instant written) {
        return new RelayStatus(STARTED, written, running, 12, 3, List.of(
                new RelayStatus.Target("http://mon1:9093", 1520, 0, 0, 0, ""),
                new RelayStatus.Target("http://mon2:9093", 900, 620, 7, 20_000, "HTTP 503:\nno\tspace")));
    }

    private record Printed(int status, List<String> lines) {
    }

    private static Printed report(RelayStatusFile file, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new RelayStatusReport(file, Clock.fixed(now, ZoneOffset.UTC),
                new PrintStream(out, true, StandardCharsets.UTF_8)).print();
        return new Printed(status, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private RelayStatusFile file() {
        return new RelayStatusFile(dir.resolve("relay-status.json"));
    }

    @Test
    void whatTheRelayWroteComesBackAsItWas() throws Exception {
        RelayStatusFile file = file();
        file.write(status(true, WRITTEN));
        assertEquals(status(true, WRITTEN), file.read());
        file.write(status(false, WRITTEN.plusSeconds(5)));
        assertEquals(status(false, WRITTEN.plusSeconds(5)), file.read());
    }

    @Test
    void aCurrentStatusShowsTheCountsPerAlertmanagerAndTheirAge() throws Exception {
        RelayStatusFile file = file();
        file.write(status(true, WRITTEN));
        Printed p = report(file, WRITTEN.plusSeconds(4));
        assertEquals(0, p.status());
        assertEquals(List.of(
                "Relay (running since 2026-12-01T08:00:00Z, counts of 4s ago): 12 alerts active, 3 let go",
                "Relay to http://mon1:9093: sent 1520, failed 0, discarded 0, waiting 0",
                "Relay to http://mon2:9093: sent 900, failed 620, discarded 7, waiting 20000 "
                        + "(last error: HTTP 503: no space)"), p.lines());
        assertEquals(0, report(file, WRITTEN.plus(RelayStatusReport.STALE)).status(), "just within");
    }

    @Test
    void anOldStatusIsNotTrusted() throws Exception {
        RelayStatusFile file = file();
        file.write(status(true, WRITTEN));
        Printed p = report(file, WRITTEN.plus(RelayStatusReport.STALE).plusSeconds(1));
        assertEquals(1, p.status());
        assertEquals(List.of("Relay: status file " + file.path() + " last written 2m 1s ago "
                + "(2026-12-01T10:05:00Z): relay not running?"), p.lines());
    }

    @Test
    void aStoppedRelaysLastCountsAreSaidToBeThat() throws Exception {
        RelayStatusFile file = file();
        file.write(status(false, WRITTEN));
        Printed p = report(file, WRITTEN.plusSeconds(30));
        assertEquals(1, p.status());
        assertEquals("Relay: stopped 30s ago (2026-12-01T10:05:00Z, status file " + file.path()
                + "); its last counts:", p.lines().get(0));
        assertEquals("Relay to http://mon1:9093: sent 1520, failed 0, discarded 0, waiting 0", p.lines().get(1));
    }

    @Test
    void aMissingFileIsOneLine() {
        RelayStatusFile file = file();
        Printed p = report(file, WRITTEN);
        assertEquals(1, p.status());
        assertEquals(List.of("Relay: no relay status at " + file.path() + ": relay not running?"), p.lines());
    }

    @Test
    void aCorruptFileIsOneLineNamingWhatIsWrong() throws Exception {
        RelayStatusFile file = file();
        Map<String, String> corrupt = Map.of(
                "", "empty",
                "{\"started\": \"2026-12-01T08:00:00Z\", \"written\": ", "end-of-input",
                "[1, 2]", "not a JSON object",
                "{\"started\": \"yesterday\", \"written\": \"2026-12-01T08:00:00Z\", \"alertmanagers\": []}",
                "'yesterday' could not be parsed",
                "{\"started\": \"2026-12-01T08:00:00Z\", \"written\": \"2026-12-01T08:00:00Z\"}",
                "alertmanagers missing",
                "{\"started\": \"2026-12-01T08:00:00Z\", \"written\": \"2026-12-01T08:00:00Z\", "
                        + "\"alertmanagers\": [{\"url\": \"http://a\", \"sent\": -1}]}", "sent out of range: -1",
                "{\"started\": \"2026-12-01T08:00:00Z\", \"written\": \"2026-12-01T08:00:00Z\", "
                        + "\"alertmanagers\": [{\"url\": \"http://a\", \"sent\": \"many\"}]}",
                "sent is not a whole number",
                "\u0000\u0001binary", "");
        for (Map.Entry<String, String> c : corrupt.entrySet()) {
            Files.writeString(file.path(), c.getKey());
            Printed p = report(file, WRITTEN);
            assertEquals(1, p.status(), c.getKey());
            assertEquals(1, p.lines().size(), c.getKey() + " -> " + p.lines());
            String line = p.lines().get(0);
            assertTrue(line.startsWith("Relay: " + file.path() + " is not a relay status: "), line);
            assertTrue(line.contains(c.getValue()), c.getKey() + " -> " + line);
            assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        }
        Files.delete(file.path());
        Files.createDirectory(file.path());
        Printed folder = report(file, WRITTEN);
        assertEquals(1, folder.status());
        assertEquals(1, folder.lines().size(), folder.lines().toString());
        assertTrue(folder.lines().get(0).startsWith("Relay: relay status " + file.path() + " not readable: "),
                folder.lines().toString());
    }

    @Test
    void statusShowsTheFileGivenAndExitsOneUnlessTheRelayIsCurrent() throws Exception {
        try (StubCollector collector = new StubCollector()
                .method("getFileSystems", r -> new Object[0])) {
            RelayStatusFile file = file();
            MonitorRun missing = MonitorRun.once(Map.of(), "--status", "--relay-status", file.path().toString(),
                    collector.url("/"));
            assertEquals(1, missing.status(), missing.err());
            assertTrue(missing.lines().contains("Relay: no relay status at " + file.path() + ": relay not running?"),
                    missing.lines().toString());

            file.write(status(true, Instant.now()));
            MonitorRun current = MonitorRun.once(Map.of(), "--status", "--relay-status", file.path().toString(),
                    collector.url("/"));
            assertEquals(0, current.status(), current.lines() + current.err());
            assertTrue(current.lines().contains("Relay to http://mon1:9093: sent 1520, failed 0, discarded 0, "
                    + "waiting 0"), current.lines().toString());
        }
        MonitorRun noRelay = MonitorRun.once(Map.of(), "--relay-status", file().path().toString(),
                "http://127.0.0.1:1/");
        assertEquals(2, noRelay.status());
        assertEquals("lustre-monitor: --relay-status needs --alertmanager (or --status) (see lustre-monitor --help)\n",
                noRelay.err());
    }

    @Test
    void underSystemdTheRelayKeepsItsStatusInItsRuntimeDirectory() throws Exception {
        String deadAlertmanager = "http://127.0.0.1:" + AlertmanagerProcess.freePort();
        try (StubCollector collector = new StubCollector()
                .method("getTraps", r -> new Object[] {new Object[0], 1000})
                .method("getStatus", r -> Map.of("dropped", 0.0, "maxtraps", 250))) {
            MonitorRun relay = MonitorRun.start(Map.of("RUNTIME_DIRECTORY", dir.toString()), "--quiet",
                    "--alertmanager", deadAlertmanager, "--interval", "1", collector.url("/"));
            RelayStatusFile file = new RelayStatusFile(dir.resolve(RelayStatusFile.DEFAULT_NAME));
            Awaitility.await("the relay's status file").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(file.path()));
            RelayStatus running = file.read();
            assertTrue(running.running());
            assertEquals(List.of(deadAlertmanager), running.alertmanagers().stream().map(RelayStatus.Target::url)
                    .toList());
            relay.stop();
            assertFalse(file.read().running(), "the relay wrote its last status as it ended");
        }
    }
}
