package org.lustrecollector.collector;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.TestConfig;
import org.lustrecollector.trapfile.TrapFileMode;

class TrapCollectorTest {
    @TempDir
    Path dir;

    private TestCollector collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.stop();
        }
    }

    private TestCollector start(Path trapFile, TrapFileMode mode, Duration interval) {
        CollectorConfig config = TestConfig.of("trapfile", trapFile.toString(), "trapfilemode", mode.name(),
                "interval", interval.toSeconds() + "s");
        collector = TestCollector.of(config, InstantSource.system()).start();
        return collector;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String trap(String id, int category) {
        return id + "\t1795000000\t" + category + "\tlustre\tlustre-OST0001\tmessage " + id + "\n";
    }

    @Test
    void readsTheExistingFileAtStart() throws IOException {
        Path file = dir.resolve("traps");
        append(file, trap("a", 1) + trap("b", 2));
        TestCollector c = start(file, TrapFileMode.REGULAR, Duration.ofHours(1));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
    }

    @Test
    void appendedLinesArriveThroughFileEventsWithoutWaitingForTheInterval() throws IOException {
        Path file = dir.resolve("traps");
        append(file, trap("first", 0));
        // An interval of an hour: only a WatchService event can make the second line arrive in time.
        TestCollector c = start(file, TrapFileMode.REGULAR, Duration.ofHours(1));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        append(file, trap("second", 3));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
        assertEquals("second", c.store().since(0).traps().get(1).trap().id());
    }

    @Test
    void aTrapFileCreatedAfterStartIsPickedUp() throws IOException {
        Path file = dir.resolve("later");
        TestCollector c = start(file, TrapFileMode.REGULAR, Duration.ofHours(1));
        await().atMost(10, SECONDS).until(() -> c.status().source("trapfile").orElseThrow().lastRead() > 0);
        assertFalse(c.status().source("trapfile").orElseThrow().readable());
        append(file, trap("x", 2));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        assertTrue(c.status().source("trapfile").orElseThrow().readable());
    }

    @Test
    void aProcfsFileIsReadAgainEveryInterval() throws IOException {
        Path file = dir.resolve("ring");
        append(file, trap("r1", 1));
        TestCollector c = start(file, TrapFileMode.PROCFS, Duration.ofSeconds(1));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        // Rewrite the ring as a kernel would: the old trap plus a new one. Only the new one is new.
        Files.writeString(file, trap("r1", 1) + trap("r2", 2));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
        assertEquals(2, c.status().counts().totalReceived());
    }

    @Test
    void malformedLinesAreCountedAndGoodOnesKept() throws IOException {
        Path file = dir.resolve("traps");
        append(file, trap("ok1", 1) + "not a trap\n" + trap("ok2", 1));
        TestCollector c = start(file, TrapFileMode.REGULAR, Duration.ofHours(1));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
        assertEquals(1, c.status().source("trapfile").orElseThrow().malformed());
    }

    private static final String KERNEL_LOST = " kernel: Lustre: lustre-OST0003-osc-MDT0000: Connection to lustre-OST0003 "
            + "(at 10.0.0.13@o2ib) was lost; in progress operations using this service will wait for recovery to complete\n";

    private TestCollector startWithKernelLog(Path trapFile, TrapFileMode mode, Path kernelLog) {
        CollectorConfig config = TestConfig.of("trapfile", trapFile.toString(), "trapfilemode", mode.name(),
                "interval", "1h", "kernellog", kernelLog.toString());
        collector = TestCollector.of(config, InstantSource.system()).start();
        return collector;
    }

    @Test
    void aKernelLogInAnotherFolderIsFollowedThroughItsOwnEvents() throws IOException {
        Path trapFile = Files.createDirectory(dir.resolve("traps")).resolve("traps");
        Path kernelLog = Files.createDirectory(dir.resolve("log")).resolve("lustre-kernel.log");
        append(trapFile, trap("t1", 1));
        TestCollector c = startWithKernelLog(trapFile, TrapFileMode.REGULAR, kernelLog);
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        assertFalse(c.status().source("kernellog").orElseThrow().readable());
        // With an interval of an hour, only events of the kernel log's own folder can bring these in time:
        // its creation, then an append.
        append(kernelLog, "Nov 27 04:25:04 mds1" + KERNEL_LOST);
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
        append(kernelLog, "Nov 27 04:25:05 mds1" + KERNEL_LOST);
        await().atMost(10, SECONDS).until(() -> c.store().size() == 3);
        append(trapFile, trap("t2", 3));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 4);
        assertEquals(List.of("t1", "t2"), c.store().since(0).traps().stream().map(t -> t.trap().id())
                .filter(id -> id.startsWith("t")).toList());
        assertEquals(2, c.status().counts().received()[Category.CRITICAL.code()]);
        assertTrue(c.status().source("kernellog").orElseThrow().readable());
    }

    @Test
    void aKernelLogBesideTheTrapFileSharesItsWatch() throws IOException {
        Path trapFile = dir.resolve("traps");
        Path kernelLog = dir.resolve("lustre-kernel.log");
        TestCollector c = startWithKernelLog(trapFile, TrapFileMode.REGULAR, kernelLog);
        await().atMost(10, SECONDS).until(() -> c.status().source("trapfile").orElseThrow().lastRead() > 0);
        append(kernelLog, "Nov 27 04:25:04 mds1" + KERNEL_LOST + "Nov 27 04:25:04 mds1 kernel: Lustre: noise\n");
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        append(trapFile, trap("t1", 1));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
        assertEquals(1, c.status().source("kernellog").orElseThrow().ignored());
        assertEquals(0, c.status().source("trapfile").orElseThrow().malformed());
    }

    @Test
    void aKernelLogIsFollowedEvenWhenTheTrapFileIsAProcfsRing() throws IOException {
        Path ring = dir.resolve("ring");
        Path kernelLog = dir.resolve("lustre-kernel.log");
        append(ring, trap("r1", 1));
        TestCollector c = startWithKernelLog(ring, TrapFileMode.PROCFS, kernelLog);
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        append(kernelLog, "Nov 27 04:25:04 mds1" + KERNEL_LOST);
        await().atMost(10, SECONDS).until(() -> c.store().size() == 2);
    }

    @Test
    void withoutAKernelLogTheStatusHasNone() throws IOException {
        Path file = dir.resolve("traps");
        TestCollector c = start(file, TrapFileMode.REGULAR, Duration.ofHours(1));
        assertTrue(c.status().source("kernellog").isEmpty());
    }

    @Test
    void stopEndsTheCollectorThread() throws IOException {
        Path file = dir.resolve("traps");
        append(file, trap("a", 1));
        TestCollector c = start(file, TrapFileMode.REGULAR, Duration.ofHours(1));
        await().atMost(10, SECONDS).until(() -> c.store().size() == 1);
        assertTrue(collectorThreadAlive());
        c.stop();
        collector = null;
        assertFalse(collectorThreadAlive());
    }

    private static boolean collectorThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && TrapCollector.THREAD_NAME.equals(t.getName()));
    }
}
