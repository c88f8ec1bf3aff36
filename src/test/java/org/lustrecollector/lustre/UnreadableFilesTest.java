package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.demo.lustretree.FileError;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.logging.RecordingLogHandler;
import org.lustrecollector.lustre.procfs.Fifo;
import org.lustrecollector.lustre.procfs.FaultInjectingProcTree;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;

/** Files that should be readable but are not: the node is UNKNOWN, with the reason, logged once. */
class UnreadableFilesTest {
    @TempDir
    Path dir;

    private static final String OST0 = "lustre-OST0000";
    private static final String OSP0 = "osp/lustre-OST0000-osc-MDT0000";

    private final RecordingLogHandler log = new RecordingLogHandler();

    @BeforeEach
    void record() {
        log.attachTo(LustreState.class);
    }

    @AfterEach
    void detach() {
        log.detach();
    }

    private MonitorHarness harness() throws IOException {
        return new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 2).write());
    }

    private List<String> logged(Level level, String containing) {
        return log.records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage)
                .filter(m -> m.contains(containing)).toList();
    }

    @Test
    void anIoErrorMakesTheNodeUnknownWithTheReasonLoggedOnceAndNoTrap() throws IOException {
        MonitorHarness h = harness();
        h.scan();
        assertEquals("ACTIVE", h.node(OST0).state());
        h.kernelErrors.add(new MonitorHarness.KernelError(ProcRoot.SYSFS, OSP0 + "/kbytestotal", "Input/output error"));
        assertEquals(List.of(), h.scan());
        assertEquals(List.of(), h.scan());
        assertEquals(List.of(), h.scan());

        NodeStatus s = h.node(OST0);
        assertEquals(Condition.UNKNOWN, s.condition());
        assertEquals("UNKNOWN", s.state());
        assertEquals("kbytestotal", s.signal());
        assertEquals(OSP0 + "/kbytestotal: Input/output error", s.error());
        assertFalse(s.responding());
        assertEquals("ACTIVE", h.node("lustre-OST0001").state(), "the other node is read as before");
        FileSystemSummary fs = h.monitor.fileSystem("lustre").orElseThrow();
        assertEquals(List.of(OST0), fs.unknown());
        assertEquals(List.of(), fs.notResponding());
        assertEquals(2, fs.responding(), "the MDT and OST0001");
        assertEquals(3, h.monitor.unreadableFiles(), "one failed file per scan");
        assertEquals(1, logged(Level.WARNING, OST0).size(), "logged once, not every scan: " + log.messages());
        assertTrue(logged(Level.WARNING, OST0).get(0).contains("Input/output error"), log.messages().toString());

        h.kernelErrors.clear();
        assertEquals(List.of(), h.scan(), "it responded before and responds now: nothing to announce");
        assertEquals("ACTIVE", h.node(OST0).state());
        assertEquals("", h.node(OST0).error());
        assertEquals(1, logged(Level.INFO, OST0 + " can be read again").size(), log.messages().toString());
    }

    @Test
    void permissionDeniedOnAWorldReadableSysfsFileIsUnknownNotActive() throws IOException {
        MonitorHarness h = harness();
        h.extraFaults.add(new FileError(ProcRoot.SYSFS, OSP0 + "/prealloc_status", ProcError.PERMISSION_DENIED));
        assertEquals(List.of(), h.scan());
        assertEquals(Condition.UNKNOWN, h.node(OST0).condition());
        assertEquals("prealloc_status", h.node(OST0).signal());
        assertTrue(h.node(OST0).error().startsWith(OSP0 + "/prealloc_status: "), h.node(OST0).error());
    }

    @Test
    void theErrorsLustreGivesInNormalStatesKeepTheirMeaning() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(true)
                .fileSystem("lustre", 1, 1, 2).condition("lustre-OST0001", NodeCondition.INACTIVE).write());
        h.extraFaults.add(new FileError(ProcRoot.DEBUGFS, "osp", ProcError.PERMISSION_DENIED));
        h.scan();
        h.scan();
        assertEquals(Condition.NOT_RESPONDING, h.node("lustre-OST0001").condition(), "ENOTCONN on its statfs files");
        assertEquals("", h.node("lustre-OST0001").error());
        assertEquals("ACTIVE", h.node("lustre-MDT0001").state(), "EINVAL on prealloc_status of an MDT");
        assertEquals("ACTIVE", h.node(OST0).state(), "debugfs denied to a user");
        assertEquals(0, h.monitor.unreadableFiles());
        assertEquals(List.of(), h.monitor.fileSystem("lustre").orElseThrow().unknown());
    }

    @Test
    void aFifoInTheTreeIsRefusedAndCountedWithoutBlockingTheScan() throws IOException {
        MonitorHarness h = harness();
        h.scan();
        Fifo.make(dir.resolve("sys/fs/lustre").resolve(OSP0).resolve("kbytesfree"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), h::scan, "nobody writes the FIFO: opening it would block");
        assertEquals(Condition.UNKNOWN, h.node(OST0).condition());
        assertEquals(OSP0 + "/kbytesfree: not a regular file", h.node(OST0).error().replace(dir + "/", ""));
        assertEquals(1, h.monitor.unreadableFiles());
    }

    @Test
    void aNodeDownWhileUnreadableIsAnnouncedOnlyWhenItsKnownConditionChanges() throws IOException {
        MonitorHarness h = harness();
        h.fixture.condition(OST0, NodeCondition.DISCONNECTED);
        assertEquals(List.of(Category.CRITICAL), h.scan().stream().map(Trap::category).toList());
        h.kernelErrors.add(new MonitorHarness.KernelError(ProcRoot.SYSFS, OSP0, "Input/output error"));
        assertEquals(List.of(), h.scan());
        h.kernelErrors.clear();
        assertEquals(List.of(), h.scan(), "still down, as announced");
        h.fixture.condition(OST0, NodeCondition.FULL);
        assertEquals(List.of(Category.INFO), h.scan().stream().map(Trap::category).toList());
    }

    @Test
    void trapIdsStayUniqueWhenTheClockIsSetBackAndAcrossStarts() throws IOException {
        MonitorHarness h = harness();
        h.scan();
        long start = h.clock.second();
        for (int round = 0; round < 2; round++) {
            h.clock.set(start); // the wall clock stepped back: the same seconds again
            h.fixture.condition(OST0, NodeCondition.DISCONNECTED);
            h.scan();
            h.fixture.condition(OST0, NodeCondition.FULL);
            h.scan();
        }
        assertEquals(4, h.traps.size());
        assertEquals(2, h.traps.stream().map(Trap::time).distinct().count(), "the same two times twice");
        assertEquals(4, h.traps.stream().map(Trap::id).distinct().count(), "but four ids: " + h.traps);

        MutableInstantSource clock = new MutableInstantSource(start);
        h.fixture.condition(OST0, NodeCondition.DISCONNECTED);
        Trap first = new LustreState(new FileProcTree(dir), clock, 5, MonitorHarness.HOST).scan().get(0);
        Trap second = new LustreState(new FaultInjectingProcTree(new FileProcTree(dir)), clock, 5,
                MonitorHarness.HOST).scan().get(0);
        assertEquals(first.time(), second.time());
        assertNotEquals(first.id(), second.id(), "two starts, the same event in the same second");
    }
}
