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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.config.TestConfig;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.LustreStateSource;
import org.lustrecollector.lustre.procfs.FaultInjectingProcTree;
import org.lustrecollector.lustre.procfs.Fifo;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapStore;
import org.lustrecollector.trapfile.TrapFileMode;
import org.lustrecollector.trapfile.TrapFileSource;

/** What a hostile user found: errors thrown in the collector, and a Lustre read that hangs. */
class CollectorReliabilityTest {
    private static final String HOST = "mds-test";

    @TempDir
    Path dir;

    private final List<Runnable> cleanUp = new ArrayList<>();
    private TrapCollector collector;

    @AfterEach
    void stop() {
        cleanUp.forEach(Runnable::run);
        if (collector != null) {
            collector.stop();
        }
    }

    private final TrapStore store = new TrapStore(1000, Duration.ofHours(1), InstantSource.system());

    private TrapCollector start(Source... sources) {
        collector = new TrapCollector(Duration.ofSeconds(1), Duration.ofSeconds(2), store, List.of(sources),
                InstantSource.system(), new TrapIds(HOST, "run"));
        collector.start();
        return collector;
    }

    private Path trapFile() {
        return dir.resolve("traps");
    }

    private TrapFileSource trapFileSource() {
        return new TrapFileSource(trapFile(), TrapFileMode.REGULAR, store, InstantSource.system());
    }

    private void append(String id) throws IOException {
        Files.writeString(trapFile(), id + "\t1795000000\t1\tlustre\tlustre-OST0001\tmessage " + id + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private boolean stored(String id) {
        return store.since(0).traps().stream().anyMatch(t -> t.trap().id().equals(id));
    }

    private SourceStatus status(String source) {
        return collector.status().source(source).orElseThrow();
    }

    private List<Trap> ownTraps(String event) {
        return store.since(0).traps().stream().map(StoredTrap::trap)
                .filter(t -> t.id().startsWith(HOST + ":") && t.id().contains(":" + event + ":")).toList();
    }

    /**
     * A trap-path source that throws what it is given at its first reads, then reads normally; and from
     * {@code watchedFiles()}, outside any read, what the test arms it with.
     */
    private static final class ThrowingSource implements Source {
        private final List<Throwable> toThrow;
        private final List<Throwable> fromWatchedFiles = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        ThrowingSource(List<Throwable> toThrow) {
            this.toThrow = new ArrayList<>(toThrow);
        }

        synchronized void throwFromWatchedFiles(Throwable t) {
            fromWatchedFiles.add(t);
        }

        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public synchronized void read() {
            reads.incrementAndGet();
            if (!toThrow.isEmpty()) {
                throwUnchecked(toThrow.remove(0));
            }
        }

        @Override
        public synchronized List<Path> watchedFiles() {
            if (!fromWatchedFiles.isEmpty()) {
                throwUnchecked(fromWatchedFiles.remove(0));
            }
            return List.of();
        }

        private static void throwUnchecked(Throwable t) {
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }

        @Override
        public SourceStatus status() {
            return new SourceStatus(name(), "-", true, 0, 0, 0);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void errorsThrownByAReadAreCountedAndTheLoopGoesOn() throws IOException {
        ThrowingSource throwing = new ThrowingSource(List.of(new OutOfMemoryError("Java heap space"),
                new StackOverflowError(), new IllegalStateException("bad")));
        start(trapFileSource(), throwing);
        await().atMost(20, SECONDS).until(() -> throwing.reads.get() >= 4);
        append("after-errors");
        await().atMost(10, SECONDS).until(() -> stored("after-errors"));
        assertEquals(3, status("throwing").failures());
        assertEquals(0, status("trapfile").failures());
        assertEquals(0, collector.status().failedCycles(), "each failure was the source's own");
    }

    @Test
    void anErrorOutsideAnyReadIsACountedFailedCycleAndTheLoopIsRescheduled() throws IOException {
        ThrowingSource throwing = new ThrowingSource(List.of());
        start(trapFileSource(), throwing);
        await().atMost(10, SECONDS).until(() -> throwing.reads.get() >= 1);
        throwing.throwFromWatchedFiles(new OutOfMemoryError("Java heap space"));
        await().atMost(10, SECONDS).until(() -> collector.status().failedCycles() == 1);
        append("after-failed-cycle");
        await().atMost(10, SECONDS).until(() -> stored("after-failed-cycle"));
        assertEquals(1, collector.status().failedCycles());
    }

    @Test
    void aHungLustreReadDelaysNoTrapAndIsReportedStuckThenRecovered() throws IOException {
        LustreTreeWriter.at(dir.resolve("lustre"), TreeLayout.V2_15).withDebugfs(false).fileSystem("lustre", 2).write();
        FaultInjectingProcTree tree = new FaultInjectingProcTree(new FileProcTree(dir.resolve("lustre")));
        LustreState state = new LustreState(tree, InstantSource.system(), 5, HOST);
        start(trapFileSource(), new LustreStateSource(state, dir.resolve("lustre"), store, InstantSource.system()));
        await().atMost(10, SECONDS).until(() -> status("lustre").lastRead() > 0 && status("lustre").readable());

        Path fifo = Fifo.make(dir.resolve("hang"));
        tree.hangReads(ProcRoot.SYSFS, "health_check", fifo);
        cleanUp.add(() -> release(tree, fifo)); // a read left hanging would keep stop() waiting
        await().atMost(20, SECONDS).until(() -> status("lustre").stuck());

        append("while-lustre-hangs");
        await().atMost(10, SECONDS).until(() -> stored("while-lustre-hangs"));
        assertFalse(status("trapfile").stuck());
        await().atMost(10, SECONDS).until(() -> !ownTraps("stuck").isEmpty());
        List<Trap> stuck = ownTraps("stuck");
        assertEquals(1, stuck.size(), stuck.toString());
        assertEquals(Category.CRITICAL, stuck.get(0).category());
        assertEquals(HOST, stuck.get(0).node());
        assertEquals("lustre", stuck.get(0).fsName(), "the filesystem the scan knew of");
        assertTrue(stuck.get(0).message().contains("has not returned"), stuck.get(0).message());

        release(tree, fifo);
        await().atMost(20, SECONDS).until(() -> !ownTraps("reading").isEmpty());
        await().atMost(10, SECONDS).until(() -> !status("lustre").stuck());
        assertEquals(Category.INFO, ownTraps("reading").get(0).category());
        assertEquals(0, status("lustre").failures(), "a hung read is no failure, only slow");
    }

    private static void release(FaultInjectingProcTree tree, Path fifo) {
        tree.clearHangs();
        try {
            Fifo.release(fifo);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The FIFO nobody writes is refused, so the scan goes on and the node's state says why it is unknown. */
    @Test
    void aFifoInTheLustreTreeIsRefusedAndTrapsArrivePromptly() throws IOException {
        Path root = dir.resolve("lustre");
        LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false).fileSystem("lustre", 2).write();
        Fifo.make(root.resolve("sys/fs/lustre/osp/lustre-OST0001-osc-MDT0000/kbytestotal"));
        TestCollector c = TestCollector.of(TestConfig.of("trapfile", trapFile().toString(), "trapfilemode", "REGULAR",
                "interval", "1s", "lustreroot", root.toString()), InstantSource.system()).start();
        cleanUp.add(c::stop);
        append("beside-a-fifo");
        await().atMost(10, SECONDS).until(() -> c.store().since(0).traps().stream()
                .anyMatch(t -> t.trap().id().equals("beside-a-fifo")));
        await().atMost(10, SECONDS).until(() -> c.status().source("lustre").orElseThrow().unreadable() >= 2);
        SourceStatus lustre = c.status().source("lustre").orElseThrow();
        assertTrue(lustre.lastRead() > 0);
        assertFalse(lustre.stuck());
        assertEquals(0, lustre.failures());
    }

    @Test
    void stopEndsEveryCollectorThread() throws IOException {
        LustreTreeWriter.at(dir.resolve("lustre"), TreeLayout.V2_15).fileSystem("lustre", 1).write();
        LustreState state = new LustreState(new FileProcTree(dir.resolve("lustre")), InstantSource.system(), 5, HOST);
        start(trapFileSource(), new LustreStateSource(state, dir.resolve("lustre"), store, InstantSource.system()));
        await().atMost(10, SECONDS).until(() -> collectorThreads() == 2);
        collector.stop();
        collector = null;
        assertEquals(0, collectorThreads());
    }

    private static long collectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(TrapCollector.THREAD_NAME)
                        && !t.getName().startsWith(TrapCollector.THREAD_NAME + "-demo"))
                .count();
    }
}
