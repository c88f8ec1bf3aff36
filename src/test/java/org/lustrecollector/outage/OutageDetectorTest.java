package org.lustrecollector.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.kernellog.BootTime;
import org.lustrecollector.kernellog.KernelLogSource;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapSink;
import org.lustrecollector.trap.TrapStore;

/**
 * Console lines read by the kernel-log source, their connection signals grouped by the outage detector:
 * one trap per outage, none for a target lost alone, the individual traps stored as before.
 */
class OutageDetectorTest {
    private static final Instant NOW = Instant.parse("2025-03-04T12:00:00Z");
    private static final long T0 = NOW.getEpochSecond() - 1800;

    @TempDir
    Path dir;

    private final InstantSource clock = InstantSource.fixed(NOW);
    private final List<Trap> summaries = new ArrayList<>();
    private final TrapSink recorder = (Collection<Trap> batch) -> summaries.addAll(batch);
    private final TrapStore store = new TrapStore(100_000, Duration.ofDays(1), clock);
    private final OutageDetector detector = new OutageDetector(OutageSettings.of(Duration.ofSeconds(10), 2, 3, 20),
            recorder, new OutageTraps(new TrapIds("mds1", "r")), clock);

    private KernelLogSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    /** Appends the lines to the kernel log, has the kernel-log source read them, then the collector's interval read. */
    private void read(ConsoleLines lines) throws IOException {
        Path file = dir.resolve("kern.log");
        Files.writeString(file, lines.text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (source == null) {
            source = new KernelLogSource(file, store, detector, Optional.of(new BootTime(NOW.minusSeconds(86_400))),
                    "mds1", ZoneOffset.UTC, clock);
            source.open();
        }
        source.read();
        new OutageSource(detector, clock).read();
    }

    private static String ost(int index) {
        return String.format("lustre-OST%04x", index);
    }

    @Test
    void oneOssCrashIsOneServerOutage() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        for (int i = 0; i < 8; i++) {
            lines.lost(T0 + i / 4, ost(i), "10.0.0.7@o2ib1");
        }
        read(lines);

        assertEquals(8, store.size(), "each line is still a trap of its own");
        assertEquals(1, summaries.size(), summaries.toString());
        Trap summary = summaries.get(0);
        assertEquals(Category.CRITICAL, summary.category());
        assertEquals("10.0.0.7@o2ib1", summary.node());
        assertEquals("lustre", summary.fsName());
        assertEquals(T0, summary.time());
        assertTrue(summary.message().startsWith("Server outage: the server at 10.0.0.7@o2ib1 stopped responding; "
                + "8 targets of 1 server lost their connection (filesystems: lustre; e.g. lustre-OST0000, "
                + "lustre-OST0001, lustre-OST0002, lustre-OST0003, lustre-OST0004)"), summary.message());
        assertTrue(summary.id().startsWith("mds1:10.0.0.7@o2ib1:server-outage:r-"), summary.id());

        List<Outage> outages = detector.outages();
        assertEquals(List.of(new Outage(OutageKind.SERVER, "10.0.0.7@o2ib1", 8, 1, List.of("lustre"), T0, -1,
                List.of("lustre-OST0000", "lustre-OST0001", "lustre-OST0002", "lustre-OST0003", "lustre-OST0004"))),
                outages);
        assertTrue(outages.get(0).active());
    }

    @Test
    void aFullStoreKeepsTheSummaryThroughTheStormItExplains() throws IOException {
        TrapStore small = new TrapStore(20, Duration.ofDays(1), clock);
        OutageDetector toStore = new OutageDetector(OutageSettings.of(Duration.ofSeconds(10), 2, 3, 20), small,
                new OutageTraps(new TrapIds("mds1", "r")), clock);
        Path file = dir.resolve("storm.log");
        ConsoleLines lines = new ConsoleLines();
        for (int i = 0; i < 8; i++) {
            lines.lost(T0, ost(i), "10.0.0.7@o2ib1");
        }
        Files.writeString(file, lines.text(), StandardCharsets.UTF_8);
        try (KernelLogSource log = new KernelLogSource(file, small, toStore,
                Optional.of(new BootTime(NOW.minusSeconds(86_400))), "mds1", ZoneOffset.UTC, clock)) {
            log.open();
            log.read();
            new OutageSource(toStore, clock).read();
        }
        List<Trap> fatal = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fatal.add(new Trap("lbug" + i, T0 + 1, Category.FATAL, "lustre", "mds1", "LBUG " + i));
        }
        small.addAll(fatal);

        List<Trap> kept = small.since(0).traps().stream().map(t -> t.trap()).toList();
        assertEquals(20, kept.size());
        assertEquals(1, kept.stream().filter(t -> t.id().contains(":server-outage:")).count(),
                "the Critical summary outranks the Fatal traps: " + kept);
        assertEquals(8 + 100 + 1, small.counts().totalReceived());
        assertEquals(8 + 100 + 1 - 20, small.counts().totalDropped());
    }

    @Test
    void theTargetsComingBackEndTheOutageWithARecoveryTrap() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        for (int i = 0; i < 8; i++) {
            lines.lost(T0, ost(i), "10.0.0.7@o2ib1");
        }
        for (int i = 0; i < 7; i++) {
            lines.restored(T0 + 125, ost(i), "10.0.0.7@o2ib1");
        }
        read(lines);
        assertTrue(detector.outages().get(0).active(), "one target is still lost");
        assertEquals(1, summaries.size());

        read(new ConsoleLines().restored(T0 + 130, ost(7), "10.0.0.7@o2ib1"));
        assertEquals(2, summaries.size(), summaries.toString());
        Trap recovery = summaries.get(1);
        assertEquals(Category.INFO, recovery.category());
        assertEquals(T0 + 130, recovery.time());
        assertTrue(recovery.message().startsWith("Server outage over: 10.0.0.7@o2ib1 is back after 2 min 10 s; "
                + "8 targets of 1 server were lost"), recovery.message());
        Outage over = detector.outages().get(0);
        assertFalse(over.active());
        assertEquals(T0 + 130, over.ended());
        assertEquals(8 + 8, store.size(), "the restored lines are traps too");
    }

    @Test
    void aRouterFailureIsOneNetworkOutageAndNoServerOutages() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        int servers = 300;
        for (int t = 0; t < 2; t++) {
            for (int s = 0; s < servers; s++) {
                lines.lost(T0, ost(s * 2 + t), "10.1." + (s / 200) + "." + (s % 200 + 1) + "@o2ib1");
            }
        }
        lines.lost(T0, "scratch-OST0000", "10.9.0.1@tcp");
        read(lines);

        assertEquals(servers * 2 + 1, store.size());
        assertEquals(1, summaries.size(), summaries.toString());
        Trap summary = summaries.get(0);
        assertEquals(Category.FATAL, summary.category(), "600 targets is above outagefatal 20");
        assertEquals("o2ib1", summary.node());
        assertTrue(summary.message().startsWith("Network outage: servers of LNet network o2ib1 stopped responding"
                + " (a router or the network itself); 600 targets of 300 servers lost their connection"),
                summary.message());
        List<Outage> outages = detector.outages();
        assertEquals(1, outages.size(), outages.toString());
        assertEquals(OutageKind.NETWORK, outages.get(0).kind());
        assertEquals(600, outages.get(0).targets());
        assertEquals(300, outages.get(0).servers());
    }

    @Test
    void aServerOutageThatSpreadsToItsNetworkBecomesANetworkOutage() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        for (int i = 0; i < 4; i++) {
            lines.lost(T0, ost(i), "10.0.0.7@o2ib1");
        }
        read(lines);
        assertEquals(1, summaries.size(), "the server outage is announced once its window passed");

        ConsoleLines more = new ConsoleLines();
        more.lost(T0 + 5, ost(4), "10.0.0.8@o2ib1").lost(T0 + 6, ost(5), "10.0.0.9@o2ib1");
        read(more);
        assertEquals(2, summaries.size(), "a new trap for the change of class: " + summaries);
        assertTrue(summaries.get(1).message().startsWith("Network outage: servers of LNet network o2ib1"));
        List<Outage> outages = detector.outages();
        assertEquals(1, outages.size(), outages.toString());
        assertEquals(new Outage(OutageKind.NETWORK, "o2ib1", 6, 3, List.of("lustre"), T0, -1,
                List.of(ost(0), ost(1), ost(2), ost(3), ost(4))), outages.get(0));
    }

    @Test
    void countsTellTheActiveOutagesAndTheSummariesRaisedByKind() throws IOException {
        assertEquals(OutageCounts.NONE, detector.counts());
        ConsoleLines lines = new ConsoleLines();
        for (int i = 0; i < 4; i++) {
            lines.lost(T0, ost(i), "10.0.0.7@o2ib1");
        }
        lines.lost(T0, ost(8), "10.0.9.1@tcp").lost(T0, ost(9), "10.0.9.1@tcp");
        read(lines);
        assertEquals(new OutageCounts(2, 0, 2, 0), detector.counts());

        read(new ConsoleLines().lost(T0 + 5, ost(4), "10.0.0.8@o2ib1").lost(T0 + 6, ost(5), "10.0.0.9@o2ib1"));
        OutageCounts spread = detector.counts();
        assertEquals(new OutageCounts(1, 1, 2, 1), spread, "the o2ib1 server outage became a network outage");
        assertEquals(2, spread.active());

        read(new ConsoleLines().restored(T0 + 60, ost(8), "10.0.9.1@tcp").restored(T0 + 60, ost(9), "10.0.9.1@tcp"));
        assertEquals(new OutageCounts(0, 1, 2, 1), detector.counts(), "raised counts outlive the outages");
    }

    @Test
    void threeOssCrashesAMinuteApartAreThreeServerOutages() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 8; i++) {
                lines.lost(T0 + 60L * s, ost(s * 8 + i), "10.0.0." + (s + 1) + "@o2ib1");
            }
        }
        read(lines);

        assertEquals(3, summaries.size(), summaries.toString());
        assertEquals(List.of("10.0.0.1@o2ib1", "10.0.0.2@o2ib1", "10.0.0.3@o2ib1"),
                summaries.stream().map(Trap::node).toList());
        assertTrue(summaries.stream().allMatch(t -> t.category() == Category.CRITICAL));
        List<Outage> outages = detector.outages();
        assertEquals(3, outages.size());
        assertTrue(outages.stream().allMatch(o -> o.kind() == OutageKind.SERVER && o.targets() == 8 && o.active()));
    }

    @Test
    void aFlappingOstAloneMakesNoOutage() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        for (int i = 0; i < 20; i++) {
            lines.lost(T0 + i, ost(3), "10.0.0.13@o2ib").restored(T0 + i, ost(3), "10.0.0.13@o2ib");
        }
        read(lines);

        assertEquals(40, store.size());
        assertEquals(List.of(), summaries);
        assertEquals(List.of(), detector.outages());
    }

    @Test
    void singleTargetsFlappingOnSeveralServersInTurnMakeNoNetworkOutage() throws IOException {
        ConsoleLines lines = new ConsoleLines();
        for (int s = 1; s <= 5; s++) {
            lines.lost(T0 + s, ost(s), "10.0.0." + s + "@o2ib").restored(T0 + s, ost(s), "10.0.0." + s + "@o2ib");
        }
        read(lines);

        assertEquals(List.of(), summaries);
        assertEquals(List.of(), detector.outages());
    }

    @Test
    void endedOutagesAreShownForAnHour() {
        InstantSource later = InstantSource.fixed(Instant.ofEpochSecond(T0 + 3600 + 200));
        OutageDetector shortSighted = new OutageDetector(OutageSettings.of(Duration.ofSeconds(10), 2, 3, 20),
                recorder, new OutageTraps(new TrapIds("mds1", "r")), later);
        shortSighted.connectionLost(ost(0), "10.0.0.7@o2ib1", T0);
        shortSighted.connectionLost(ost(1), "10.0.0.7@o2ib1", T0);
        shortSighted.connectionLost(ost(0), "10.0.0.8@o2ib1", T0 + 100);
        shortSighted.connectionLost(ost(1), "10.0.0.8@o2ib1", T0 + 100);
        shortSighted.connectionRestored(ost(0), "10.0.0.7@o2ib1", T0 + 150);
        shortSighted.connectionRestored(ost(1), "10.0.0.7@o2ib1", T0 + 150);
        shortSighted.connectionRestored(ost(0), "10.0.0.8@o2ib1", T0 + 250);
        shortSighted.connectionRestored(ost(1), "10.0.0.8@o2ib1", T0 + 250);

        List<Outage> outages = shortSighted.outages();
        assertEquals(List.of("10.0.0.8@o2ib1"), outages.stream().map(Outage::key).toList(),
                "the first ended more than an hour ago");
        assertEquals(4, summaries.size(), "two summaries, two recoveries: " + summaries);
    }

    @Test
    void aRestorationAtTheFailoverNidOrAtNoneEndsTheLossWhereItWasHeard() {
        detector.connectionLost(ost(0), "10.0.0.7@o2ib1", T0);
        detector.connectionLost(ost(1), "10.0.0.7@o2ib1", T0);
        detector.settle(T0 + 10);
        detector.connectionRestored(ost(0), "10.0.0.9@o2ib1", T0 + 20); // reconnected to its failover partner
        assertTrue(detector.outages().get(0).active(), "one of its two targets is still lost");
        detector.connectionRestored(ost(1), "", T0 + 21);

        Outage outage = detector.outages().get(0);
        assertFalse(outage.active());
        assertEquals(T0 + 21, outage.ended());
        assertEquals(2, summaries.size(), "the summary and its recovery: " + summaries);
        detector.connectionRestored(ost(1), "10.0.0.7@o2ib1", T0 + 22);
        assertEquals(2, summaries.size(), "a repeated restoration changes nothing");
    }

    @Test
    void targetNamesBeyondTheirCapAreCountedAndTheOnesNoLossHoldsAreForgotten() {
        OutageDetector wide = new OutageDetector(new OutageSettings(Duration.ofSeconds(10), 2, 3, 500, 10_000, 1_000),
                recorder, new OutageTraps(new TrapIds("mds1", "r")), clock);
        int names = OutageDetector.MAX_TARGET_NAMES;
        for (int i = 0; i < names; i++) {
            wide.connectionLost("fs-OST" + i, "10.4." + i / 1000 / 250 + "." + i / 1000 % 250 + "@o2ib", T0);
        }
        wide.connectionLost("fs-OSTnew", "10.5.0.1@o2ib", T0);
        assertEquals(1, wide.dropped(), "every name held by a loss: the new one is turned away");

        for (int i = 0; i < names; i++) {
            wide.connectionRestored("fs-OST" + i, "10.4." + i / 1000 / 250 + "." + i / 1000 % 250 + "@o2ib", T0 + 20);
        }
        wide.connectionLost("fs-OSTnew", "10.5.0.1@o2ib", T0 + 30);
        wide.connectionLost("fs-OSTnew2", "10.5.0.1@o2ib", T0 + 30);
        assertEquals(1, wide.dropped(), "the names of the ended outage were forgotten");
        assertEquals(List.of("10.5.0.1@o2ib", "o2ib"), wide.outages().stream().map(Outage::key).toList());
    }

    @Test
    void aStormOfSignalsIsBoundedAndWhatTheCapsTurnAwayIsCounted() {
        OutageDetector capped = new OutageDetector(new OutageSettings(Duration.ofSeconds(10), 2, 3, 500, 100, 10),
                recorder, new OutageTraps(new TrapIds("mds1", "r")), clock);
        int signals = 100_000;
        for (int i = 0; i < signals; i++) {
            capped.connectionLost(ost(i % 16), "10.2." + (i / 16 / 250) + "." + (i / 16 % 250) + "@o2ib2", T0);
        }
        capped.connectionLost(ost(0), "nid-less", T0);
        capped.settle(T0 + 10);

        List<Outage> outages = capped.outages();
        assertEquals(1, outages.size(), outages.toString());
        assertEquals(100, outages.get(0).servers());
        assertEquals(100 * 10, outages.get(0).targets(), "ten targets tracked per NID");
        assertEquals(signals - 100 * 10, capped.dropped());
        assertEquals(1, capped.withoutNid());
        assertEquals(1, summaries.size());
        assertEquals(Category.FATAL, summaries.get(0).category());
    }
}
