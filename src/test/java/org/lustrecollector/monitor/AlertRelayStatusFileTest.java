package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;

/**
 * The relay keeps its status file (--relay-status): the counts per Alertmanager after each send, rewritten
 * at most every few seconds, whole (no temporary file left), and marked stopped as it closes. The relay's
 * turns are made by hand on a clock the test moves.
 */
class AlertRelayStatusFileTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path folder;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final MovingClock clock = new MovingClock(T0);

    /** An Alertmanager that takes every batch. */
    private record Taking(String name, List<Alert> taken) implements AlertSink {
        @Override
        public void post(List<Alert> batch) {
            taken.addAll(batch);
        }
    }

    /** An Alertmanager that is down. */
    private record Down(String name) implements AlertSink {
        @Override
        public void post(List<Alert> batch) throws IOException {
            throw new ConnectException("Connection refused");
        }
    }

    private AlertRelay relay(RelayStatusFile file, AlertSink... sinks) {
        return new AlertRelay(new QuietOutput(null), List.of(sinks), AlertRelay.Settings.defaults(Duration.ofHours(1)),
                clock, new PrintStream(log, true, StandardCharsets.UTF_8), Optional.of(file));
    }

    private MonitoredTrap down(String node) {
        return new MonitoredTrap("mds1:" + node + ":down:ab", clock.instant().getEpochSecond(), Category.CRITICAL,
                "lustre", node, node + " is not responding", "http://127.0.0.1:1/");
    }

    private static RelayStatus.Target target(RelayStatus s, String url) {
        return s.alertmanagers().stream().filter(t -> t.url().equals(url)).findFirst().orElseThrow();
    }

    @Test
    void theCountsAfterEachSendAreInTheFileAtMostEveryFewSecondsAndStoppedOnClose() throws Exception {
        RelayStatusFile file = new RelayStatusFile(folder.resolve("relay-status.json"));
        List<Alert> taken = new ArrayList<>();
        AlertRelay relay = relay(file, new Taking("http://am1:9093", taken), new Down("http://am2:9093"));

        relay.trap(down("lustre-OST0001"));
        relay.tick();
        RelayStatus first = file.read();
        assertEquals(T0, first.started());
        assertEquals(T0, first.written());
        assertTrue(first.running());
        assertEquals(1, first.active());
        assertEquals(new RelayStatus.Target("http://am1:9093", 1, 0, 0, 0, ""), target(first, "http://am1:9093"));
        assertEquals(new RelayStatus.Target("http://am2:9093", 0, 1, 0, 1, "Connection refused"),
                target(first, "http://am2:9093"));
        assertEquals(1, taken.size());

        clock.advance(Duration.ofSeconds(1));
        relay.trap(down("lustre-OST0002"));
        relay.tick();
        assertEquals(2, taken.size(), "sent at once");
        assertEquals(first, file.read(), "not rewritten within " + AlertRelay.STATUS_EVERY);

        clock.advance(AlertRelay.STATUS_EVERY);
        relay.tick();
        RelayStatus later = file.read();
        assertEquals(T0.plus(AlertRelay.STATUS_EVERY).plusSeconds(1), later.written());
        assertEquals(2, later.active());
        assertEquals(2, target(later, "http://am1:9093").sent());
        RelayStatus.Target am2 = target(later, "http://am2:9093");
        assertEquals(2, am2.waiting());
        assertTrue(am2.failed() >= 2, am2.toString());

        clock.advance(Duration.ofSeconds(1));
        relay.close();
        RelayStatus last = file.read();
        assertFalse(last.running(), "the last status says the relay stopped");
        assertEquals(T0.plus(AlertRelay.STATUS_EVERY).plusSeconds(2), last.written());
        assertEquals(T0, last.started());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file.path()), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aStatusFileThatCannotBeWrittenIsLoggedOnceAndTheRelayGoesOn() throws Exception {
        Path gone = folder.resolve("run");
        RelayStatusFile file = new RelayStatusFile(gone.resolve("relay-status.json"));
        List<Alert> taken = new ArrayList<>();
        AlertRelay relay = relay(file, new Taking("http://am1:9093", taken));
        for (int i = 0; i < 3; i++) {
            relay.trap(down("lustre-OST000" + i));
            relay.tick();
            clock.advance(AlertRelay.STATUS_EVERY);
        }
        assertEquals(3, taken.size(), "the alerts went out");
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("lustre-monitor: relay status " + file.path() + " not written (no folder " + gone + ")",
                lines.get(0));

        Files.createDirectories(gone);
        relay.tick();
        assertEquals(3, target(file.read(), "http://am1:9093").sent());
        assertEquals("lustre-monitor: relay status " + file.path() + " written again",
                log.toString(StandardCharsets.UTF_8).lines().toList().get(1));
    }
}
