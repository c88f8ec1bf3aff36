package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lustrecollector.api.Category;
import org.lustrecollector.demo.lustretree.FileError;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.trap.Trap;

class LustreStateTest {
    @TempDir
    Path dir;

    /** The fsname has a '-' and looks like a target: names must be parsed from the right. */
    private static final String FS = "my-OST1";

    private LustreTreeWriter fixture(TreeLayout layout, boolean debugfs) throws IOException {
        LustreTreeWriter f = LustreTreeWriter.at(dir, layout).withDebugfs(debugfs)
                .fileSystem(FS, 1, 1, 7).fileSystem("home", 2);
        int i = 1;
        for (NodeCondition c : NodeCondition.values()) {
            if (c != NodeCondition.FULL) {
                f.condition(LustreTreeWriter.ostName(FS, i++), c);
            }
        }
        return f.write();
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(TreeLayout.V2_11, false), Arguments.of(TreeLayout.V2_12, true),
                Arguments.of(TreeLayout.V2_15, true),
                Arguments.of(TreeLayout.V2_15, false), Arguments.of(TreeLayout.V2_16, true),
                Arguments.of(TreeLayout.V2_16, false));
    }

    /** Import state where import is readable (2.11 /proc, debugfs as root); derived state otherwise. */
    @ParameterizedTest(name = "{0}, debugfs {1}")
    @MethodSource("layouts")
    void everyLayoutGivesInventoryAndStates(TreeLayout layout, boolean debugfs) throws IOException {
        MonitorHarness h = new MonitorHarness(fixture(layout, debugfs));
        h.scan();
        h.scan(); // prealloc_status -11 counts once a second read still shows it
        LustreState m = h.monitor;
        assertEquals(List.of("home", FS), m.fileSystems());
        assertEquals(List.of(FS + "-MDT0000", FS + "-MDT0001", FS + "-OST0000", FS + "-OST0001", FS + "-OST0002",
                FS + "-OST0003", FS + "-OST0004", FS + "-OST0005", FS + "-OST0006"), m.nodeNames(FS));
        assertEquals(12, m.nodeNames("").size());
        assertEquals(List.of(), m.nodeNames("nosuchfs"));

        boolean withImport = layout == TreeLayout.V2_11 || debugfs;
        expect(h, "MDT0000", Condition.RESPONDING, "LOCAL", "mdt");
        expect(h, "MDT0001", Condition.RESPONDING, withImport ? "FULL" : "ACTIVE", withImport ? "import" : "mdt_obd");
        expect(h, "OST0000", Condition.RESPONDING, withImport ? "FULL" : "ACTIVE", withImport ? "import" : "prealloc_status");
        expect(h, "OST0001", Condition.NOT_RESPONDING, withImport ? "DISCONN" : "DISCONNECTED", withImport ? "import" : "prealloc_status");
        expect(h, "OST0002", Condition.NOT_RESPONDING, withImport ? "DISCONN" : "DISCONNECTED", withImport ? "import" : "prealloc_status");
        expect(h, "OST0003", Condition.NOT_RESPONDING, "CONNECTING", withImport ? "import" : "prealloc_status");
        expect(h, "OST0004", Condition.DEACTIVATED, withImport ? "FULL" : "DEACTIVATED", withImport ? "import" : "active");
        expect(h, "OST0005", Condition.RESPONDING, withImport ? "FULL" : "ACTIVE", withImport ? "import" : "prealloc_status");

        NodeStatus ost0 = h.node(FS + "-OST0000");
        assertEquals(NodeType.OST, ost0.type());
        assertEquals(FS, ost0.fsName());
        assertEquals("10.0.0.0@o2ib", ost0.nid(), "NID, quotes stripped on 2.16");
        assertEquals(61_526_016L, ost0.space().kbytesTotal());
        assertEquals(61_526_016L * 30 / 100, ost0.space().kbytesAvail());
        assertEquals(3_932_160L, ost0.space().filesTotal());
        assertEquals(Space.UNKNOWN, h.node(FS + "-OST0002").space(), "ENOTCONN: no space values");
        assertTrue(h.node(FS + "-MDT0000").space().kbytesTotal() > 0, "local MDT space from its OSD");
        assertTrue(h.recording.reads.stream().noneMatch(r -> r.endsWith("/ping")), "never reads ping");

        FileSystemSummary summary = m.fileSystem(FS).orElseThrow();
        assertEquals(9, summary.nodes());
        assertEquals(7, summary.osts());
        assertEquals(List.of(FS + "-OST0001", FS + "-OST0002", FS + "-OST0003"), summary.notResponding());
        assertEquals(List.of(FS + "-OST0004"), summary.deactivated());
        assertEquals(5, summary.responding());
        assertTrue(summary.ostSpace().kbytesTotal() >= 4 * 61_526_016L);
        assertEquals("healthy", summary.health());
        assertTrue(m.fileSystem("nosuchfs").isEmpty());
    }

    private static void expect(MonitorHarness h, String suffix, Condition condition, String state, String signal) {
        NodeStatus s = h.node(FS + "-" + suffix);
        assertEquals(condition, s.condition(), suffix + ": " + s);
        assertEquals(state, s.state(), suffix + ": " + s);
        assertEquals(signal, s.signal(), suffix + ": " + s);
    }

    @Test
    void startUpRaisesTrapsOnlyForWhatIsWrong() throws IOException {
        MonitorHarness h = new MonitorHarness(fixture(TreeLayout.V2_15, false));
        h.scan();
        h.scan();
        List<String> ids = h.traps.stream().map(t -> t.node() + " " + t.category()).sorted().toList();
        assertEquals(List.of(FS + "-OST0001 CRITICAL", FS + "-OST0002 CRITICAL", FS + "-OST0003 CRITICAL",
                FS + "-OST0005 WARNING"), ids);
        assertTrue(h.scan().isEmpty(), "nothing repeats while the state holds");
    }

    @Test
    void eachFlipRaisesExactlyOneTrap() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1, 1, 2).write());
        h.scan();
        assertEquals(List.of(), h.traps);
        String ost = "lustre-OST0001";
        String mdt = "lustre-MDT0001";
        record Step(String node, NodeCondition to, Category expected, String event) {
        }
        List<Step> steps = List.of(
                new Step(ost, NodeCondition.DISCONNECTED, Category.CRITICAL, "down"),
                new Step(ost, NodeCondition.INACTIVE, null, null),
                new Step(ost, NodeCondition.FULL, Category.INFO, "up"),
                new Step(ost, NodeCondition.DEACTIVATED, Category.INFO, "deactivated"),
                new Step(ost, NodeCondition.FULL, Category.INFO, "reactivated"),
                new Step(ost, NodeCondition.LOW_SPACE, Category.WARNING, "space-low"),
                new Step(ost, NodeCondition.FULL, Category.INFO, "space-ok"),
                new Step(mdt, NodeCondition.INACTIVE, Category.CRITICAL, "down"),
                new Step(mdt, NodeCondition.FULL, Category.INFO, "up"),
                new Step(mdt, NodeCondition.DEACTIVATED, Category.INFO, "deactivated"));
        for (Step step : steps) {
            h.fixture.condition(step.node, step.to);
            List<Trap> raised = h.scan();
            List<Trap> again = h.scan();
            assertEquals(List.of(), again, "no repeat after " + step);
            if (step.expected == null) {
                assertEquals(List.of(), raised, step.toString());
                continue;
            }
            assertEquals(1, raised.size(), step + ": " + raised);
            Trap t = raised.get(0);
            assertEquals(step.expected, t.category(), step.toString());
            assertEquals(step.node, t.node());
            assertEquals("lustre", t.fsName());
            assertTrue(t.id().matches(Pattern.quote(MonitorHarness.HOST + ":" + step.node + ":" + step.event + ":")
                    + "\\p{XDigit}{12}-\\d+"), t.id());
        }
        assertEquals(steps.stream().filter(s -> s.expected != null).count(),
                h.traps.stream().map(Trap::id).distinct().count(), "ids are unique");
    }

    @Test
    void connectingCountsOnlyWhenItStays() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 2).write());
        h.scan();
        h.fixture.condition("lustre-OST0000", NodeCondition.CONNECTING);
        assertEquals(List.of(), h.scan(), "one -11 read is not yet a failure");
        assertEquals("CONNECTING", h.node("lustre-OST0000").state());
        h.fixture.condition("lustre-OST0000", NodeCondition.FULL);
        assertEquals(List.of(), h.scan(), "it connected: nothing to announce");
        h.fixture.condition("lustre-OST0000", NodeCondition.CONNECTING);
        h.scan();
        List<Trap> second = h.scan();
        assertEquals(1, second.size());
        assertEquals(Category.CRITICAL, second.get(0).category());
    }

    @Test
    void spaceWarningFollowsTheConfiguredShareWithHysteresis() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_16).withDebugfs(true)
                .fileSystem("lustre", 1).write(), 35);
        // OST0000 has 30% available: below 35%.
        List<Trap> raised = h.scan();
        assertEquals(1, raised.size());
        assertEquals(Category.WARNING, raised.get(0).category());
        assertTrue(raised.get(0).message().contains("30.0%"), raised.get(0).message());
        assertTrue(raised.get(0).message().contains("below 35%"), raised.get(0).message());
        assertEquals(List.of(), h.scan());
    }

    @Test
    void healthCheckTransitionsRaiseOneTrapPerFileSystem() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).fileSystem("a", 1)
                .fileSystem("b", 1).write());
        assertEquals(List.of(), h.scan());
        h.fixture.health("NOT HEALTHY");
        assertHealthTraps(h.scan(), Category.CRITICAL);
        assertEquals(List.of(), h.scan());
        h.fixture.health("LBUG");
        assertHealthTraps(h.scan(), Category.FATAL);
        h.fixture.health("healthy");
        assertHealthTraps(h.scan(), Category.INFO);
        assertEquals("healthy", h.monitor.fileSystem("a").orElseThrow().health());
    }

    private static void assertHealthTraps(List<Trap> traps, Category category) {
        assertEquals(List.of("a", "b"), traps.stream().map(Trap::fsName).toList());
        for (Trap t : traps) {
            assertEquals(category, t.category());
            assertEquals(MonitorHarness.HOST, t.node());
        }
    }

    @Test
    void anUnhealthyServerAtStartUpIsReported() throws IOException {
        LustreTreeWriter f = LustreTreeWriter.at(dir, TreeLayout.V2_15).fileSystem("a", 1).write();
        f.health("NOT HEALTHY");
        MonitorHarness h = new MonitorHarness(f);
        List<Trap> raised = h.scan();
        assertEquals(1, raised.size());
        assertEquals(Category.CRITICAL, raised.get(0).category());
    }

    @Test
    void debugfsPermissionDeniedFallsBackToSysfs() throws IOException {
        MonitorHarness h = new MonitorHarness(fixture(TreeLayout.V2_15, true));
        h.extraFaults.add(new FileError(ProcRoot.DEBUGFS, "osp", ProcError.PERMISSION_DENIED));
        h.scan();
        h.scan();
        expect(h, "OST0001", Condition.NOT_RESPONDING, "DISCONNECTED", "prealloc_status");
        expect(h, "OST0004", Condition.DEACTIVATED, "DEACTIVATED", "active");
        h.recording.reset();
        h.scan();
        assertTrue(h.recording.reads.stream().noneMatch(r -> r.startsWith("DEBUGFS:osp")),
                "stops trying debugfs: " + h.recording.reads.stream().filter(r -> r.startsWith("DEBUGFS")).toList());
    }

    @Test
    void shutDownSpaceFilesAndEinvalMeanWhatTheKernelMeans() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1, 1, 1).write());
        h.scan();
        h.extraFaults.add(new FileError(ProcRoot.SYSFS, "osp/lustre-OST0000-osc-MDT0000/kbytestotal", ProcError.SHUT_DOWN));
        List<Trap> raised = h.scan();
        expect2(h, "lustre-OST0000", Condition.NOT_RESPONDING, "CLOSED");
        assertEquals(1, raised.size());
        // The MDT-facing OSP gives EINVAL on prealloc_status (the fixture injects it): not a failure.
        expect2(h, "lustre-MDT0001", Condition.RESPONDING, "ACTIVE");
    }

    private static void expect2(MonitorHarness h, String node, Condition condition, String state) {
        assertEquals(condition, h.node(node).condition(), h.node(node).toString());
        assertEquals(state, h.node(node).state(), h.node(node).toString());
    }

    @Test
    void aDeviceVanishingMidScanIsDroppedWithoutTraps() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 3).write());
        h.scan();
        // Listed, but its files are gone when read: the device was removed between listing and reading.
        String device = "osp/lustre-OST0002-osc-MDT0000";
        h.extraFaults.add(new FileError(ProcRoot.SYSFS, device, ProcError.NOT_FOUND));
        assertEquals(List.of(), h.scan());
        assertEquals(Condition.RESPONDING, h.node("lustre-OST0002").condition(), "last known state kept");
        deleteTree(dir.resolve("sys/fs/lustre").resolve(device));
        h.extraFaults.clear();
        assertEquals(List.of(), h.scan());
        assertTrue(h.monitor.node("lustre-OST0002").isEmpty(), "gone after the inventory was rebuilt");
        assertEquals(List.of("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001"), h.monitor.nodeNames("lustre"));
    }

    @Test
    void aFolderThatCannotBeListedIsSkipped() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).fileSystem("lustre", 1).write());
        h.faults.failLists(ProcRoot.DEBUGFS, "osp", ProcError.PERMISSION_DENIED);
        h.scan();
        assertEquals("prealloc_status", h.node("lustre-OST0000").signal());
    }

    @Test
    void anEmptyRootHasNoFileSystems() {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir.resolve("nothing"), TreeLayout.V2_15));
        assertEquals(List.of(), h.scan());
        assertEquals(List.of(), h.monitor.fileSystems());
        assertEquals(List.of(), h.monitor.nodeNames(""));
    }

    @Test
    void aLargeMdsIsReadOverSeveralScansButAnInactiveTargetIsSeenAtOnce() throws IOException {
        int osts = 2 * LustreState.NODES_PER_SCAN + 100;
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .linkIdenticalContent().fileSystem("big", osts).write(), 0);
        h.scan();
        long read = h.monitor.nodeNames("big").stream().filter(n -> h.node(n).lastRead() > 0).count();
        assertEquals(LustreState.NODES_PER_SCAN, read, "one scan reads at most NODES_PER_SCAN nodes");
        String last = LustreTreeWriter.ostName("big", osts - 1);
        assertEquals(0, h.node(last).lastRead(), "not read yet");
        assertEquals("ACTIVE", h.node(last).state(), "known from target_obd until read");

        h.fixture.condition(last, NodeCondition.INACTIVE);
        List<Trap> raised = h.scan();
        assertEquals(List.of(last), raised.stream().map(Trap::node).toList());
        assertTrue(h.node(last).lastRead() > 0);
        h.scan();
        h.scan();
        assertTrue(h.monitor.nodeNames("big").stream().allMatch(n -> h.node(n).lastRead() > 0), "all read by now");
    }

    @Test
    void aScanReadsOnlyTheFilesItNeeds() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1).write());
        h.scan();
        h.recording.reset();
        h.scan();
        assertEquals(List.of(), h.recording.lists, "no listing between inventories");
        // No mdt_obd: this MDT has no other MDT to list. No eviction_count after the first scan: 2.15 has none.
        assertEquals(List.of("SYSFS:health_check",
                "PROCFS:lod/lustre-MDT0000-mdtlov/target_obd",
                "SYSFS:lod/lustre-MDT0000-mdtlov/kbytestotal", "SYSFS:lod/lustre-MDT0000-mdtlov/kbytesfree",
                "SYSFS:lod/lustre-MDT0000-mdtlov/kbytesavail", "SYSFS:lod/lustre-MDT0000-mdtlov/filestotal",
                "SYSFS:lod/lustre-MDT0000-mdtlov/filesfree",
                "SYSFS:osp/lustre-OST0000-osc-MDT0000/prealloc_status",
                "SYSFS:osd-ldiskfs/lustre-MDT0000/kbytestotal", "SYSFS:osd-ldiskfs/lustre-MDT0000/kbytesfree",
                "SYSFS:osd-ldiskfs/lustre-MDT0000/kbytesavail", "SYSFS:osd-ldiskfs/lustre-MDT0000/filestotal",
                "SYSFS:osd-ldiskfs/lustre-MDT0000/filesfree",
                "SYSFS:osp/lustre-OST0000-osc-MDT0000/kbytestotal", "SYSFS:osp/lustre-OST0000-osc-MDT0000/kbytesfree",
                "SYSFS:osp/lustre-OST0000-osc-MDT0000/kbytesavail", "SYSFS:osp/lustre-OST0000-osc-MDT0000/filestotal",
                "SYSFS:osp/lustre-OST0000-osc-MDT0000/filesfree",
                "SYSFS:osp/lustre-OST0000-osc-MDT0000/ost_conn_uuid",
                "PROCFS:mdt/lustre-MDT0000/recovery_status"), h.recording.reads);
    }

    @Test
    void aTargetAddedLaterIsFoundThroughTheLod() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1).write());
        h.scan();
        LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false).fileSystem("lustre", 2).write();
        h.scan(); // the LOD names an unknown target
        h.scan(); // the inventory is rebuilt
        assertEquals(List.of("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001"), h.monitor.nodeNames("lustre"));
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    @Test
    void nodeStatusSinceChangesOnlyWithTheState() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1).write());
        h.scan();
        long first = h.node("lustre-OST0000").since();
        h.scan();
        assertEquals(first, h.node("lustre-OST0000").since());
        assertTrue(h.node("lustre-OST0000").lastRead() > first);
        h.fixture.condition("lustre-OST0000", NodeCondition.DISCONNECTED);
        h.scan();
        assertEquals(h.clock.second(), h.node("lustre-OST0000").since());
        assertFalse(h.node("lustre-OST0000").responding());
    }
}
