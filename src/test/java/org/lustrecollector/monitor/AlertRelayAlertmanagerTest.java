package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;

/**
 * The relay against Debian's real Alertmanager: a storm goes out in bounded batches, at most one POST a
 * second; an Alertmanager that was down, or restarted without its storage, gets the active alerts again;
 * the relay's status file has what it sent there.
 */
class AlertRelayAlertmanagerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    /** The real client, recording the size of each POST it makes. */
    private record CountingSink(AlertmanagerClient client, List<Integer> batches) implements AlertSink {
        @Override
        public String name() {
            return client.name();
        }

        @Override
        public void post(List<Alert> batch) throws IOException, InterruptedException {
            batches.add(batch.size());
            client.post(batch);
        }
    }

    /** What --status prints for these Alertmanagers. */
    private static String statusOf(String... urls) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<AlertmanagerClient> clients = Arrays.stream(urls)
                .map(u -> new AlertmanagerClient(u, Duration.ofSeconds(5))).toList();
        int failed = new AlertmanagerStatus(clients, new PrintStream(out, true, StandardCharsets.UTF_8)).print();
        assertEquals(1, failed, "the dead one");
        return out.toString(StandardCharsets.UTF_8);
    }

    private static AlertRelay.Settings settings(int batchSize, Duration resend) {
        return new AlertRelay.Settings(Duration.ofHours(1), resend, batchSize, 20_000, 20_000, Duration.ofSeconds(2),
                Duration.ofSeconds(1));
    }

    private static MonitoredTrap down(int i, long time) {
        String node = String.format("storm-OST%04x", i);
        return new MonitoredTrap("mds1:" + node + ":down:ab-" + i, time, Category.CRITICAL, "storm", node,
                node + " is not responding", "http://127.0.0.1:1/");
    }

    @Test
    void aStormGoesOutInBoundedBatchesAtMostOnePostASecond() throws Exception {
        try (AlertmanagerProcess am = AlertmanagerProcess.start(folder.resolve("am"))) {
            List<Integer> batches = new CopyOnWriteArrayList<>();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int traps = 3000;
            int batchSize = 500;
            long started = System.nanoTime();
            try (AlertRelay relay = new AlertRelay(new QuietOutput(null),
                    List.of(new CountingSink(new AlertmanagerClient(am.url(), Duration.ofSeconds(10)), batches)),
                    settings(batchSize, Duration.ofHours(1)), Clock.systemUTC(),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).start()) {
                long now = Instant.now().getEpochSecond();
                for (int i = 0; i < traps; i++) {
                    relay.trap(down(i, now));
                }
                Awaitility.await("the storm in Alertmanager").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                        .until(() -> am.alerts("LustreTargetDown").size() == traps);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(batches.stream().allMatch(n -> n <= batchSize), batches.toString());
            assertEquals(traps, batches.stream().mapToInt(Integer::intValue).sum(), batches.toString());
            assertTrue(batches.size() >= traps / batchSize, batches.toString());
            // One POST per relay turn, one turn a second: never more POSTs than seconds elapsed, plus the first.
            assertTrue(batches.size() <= seconds + 1, batches.size() + " POSTs in " + seconds + " s");
        }
    }

    @Test
    void activeAlertsReachAnAlertmanagerThatWasDownOrLostThem() throws Exception {
        Path amFolder = folder.resolve("am2");
        try (AlertmanagerProcess am = AlertmanagerProcess.start(amFolder)) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            RelayStatusFile statusFile = new RelayStatusFile(folder.resolve("relay-status.json"));
            try (AlertRelay relay = new AlertRelay(new QuietOutput(null),
                    List.of(new AlertmanagerClient(am.url(), Duration.ofSeconds(5))),
                    settings(500, Duration.ofSeconds(2)), Clock.systemUTC(),
                    new PrintStream(log, true, StandardCharsets.UTF_8), Optional.of(statusFile)).start()) {
                long now = Instant.now().getEpochSecond();
                relay.trap(down(1, now));
                Awaitility.await("the alert").atMost(PATIENCE).until(() -> am.alerts("LustreTargetDown").size() == 1);
                Awaitility.await("the relay's status file").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.exists(statusFile.path())
                                && statusFile.read().alertmanagers().get(0).sent() >= 1);
                ByteArrayOutputStream relayStatus = new ByteArrayOutputStream();
                assertEquals(0, new RelayStatusReport(statusFile, Clock.systemUTC(),
                        new PrintStream(relayStatus, true, StandardCharsets.UTF_8)).print());
                assertTrue(relayStatus.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.startsWith(
                        "Relay to " + am.url() + ": sent ") && l.contains(", failed 0, discarded 0, ")),
                        relayStatus.toString(StandardCharsets.UTF_8));
                String dead = "http://127.0.0.1:" + AlertmanagerProcess.freePort();
                List<String> lines = statusOf(am.url(), dead).lines().toList();
                assertEquals("Alertmanager " + am.url() + ": 1 Lustre alert active (critical 1)", lines.get(0));
                assertTrue(lines.get(1).startsWith("Alertmanager " + dead + ": not answering ("), lines.get(1));

                am.restart(true, () -> relay.trap(down(2, now)));
                // The alert raised while it was down arrives by retry, the older one by the periodic re-send.
                Awaitility.await("both alerts in the restarted Alertmanager").atMost(PATIENCE)
                        .until(() -> am.alerts("LustreTargetDown").size() == 2);
                Awaitility.await("the counts logged").atMost(PATIENCE)
                        .until(() -> log.toString(StandardCharsets.UTF_8).contains("sent "));
            }
        }
    }
}
