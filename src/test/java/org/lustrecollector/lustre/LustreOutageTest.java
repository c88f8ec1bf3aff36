package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.demo.lustretree.FileError;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.trap.Trap;

/**
 * Outages, precreate errors, space and inodes, recovery, DNE, a combined MGS and ZFS, on trees written as
 * Lustre writes them (docs/lustre-facts.md §4 to §9; the sources are named next to each case).
 */
class LustreOutageTest {
    @TempDir
    Path dir;

    private static List<String> events(List<Trap> traps) {
        return traps.stream().map(t -> t.node() + " " + t.category() + " " + t.id().split(":")[2]).toList();
    }

    /**
     * A plain loss leaves target_obd ACTIVE (osp_import_event() IMP_EVENT_DISCON, lustre/osp/osp_dev.c v2_15_0)
     * and sets prealloc_status -19: up to FAST_READS_MIN OSTs, the next scan sees it, although the slow round
     * has not reached the node.
     */
    @Test
    void aLostConnectionIsSeenAtTheNextScanUpTo2000Osts() throws IOException {
        int osts = LustreState.FAST_READS_MIN;
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .linkIdenticalContent().fileSystem("big", osts).write(), 0);
        h.scan();
        String last = LustreTreeWriter.ostName("big", osts - 1);
        assertEquals(0, h.node(last).lastRead(), "the slow round has not read it yet");
        h.fixture.condition(last, NodeCondition.DISCONNECTED);
        List<Trap> raised = h.scan();
        assertEquals(List.of(last + " CRITICAL down"), events(raised));
        assertEquals("DISCONNECTED", h.node(last).state());
        assertEquals("prealloc_status", h.node(last).signal());
    }

    /** Beyond FAST_READS_MIN OSTs the fast round covers every OST within FAST_ROUND_SCANS scans. */
    @Test
    void aLargerMdsSeesALossWithinTheFastRound() throws IOException {
        int osts = LustreState.FAST_READS_MIN * 2 + 500;
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .linkIdenticalContent().fileSystem("big", osts).write(), 0);
        h.scan();
        String last = LustreTreeWriter.ostName("big", osts - 1);
        h.fixture.condition(last, NodeCondition.DISCONNECTED);
        int scans = 0;
        int bound = (osts + LustreState.FAST_READS_MIN - 1) / LustreState.FAST_READS_MIN;
        while (h.node(last).responding() && scans < bound) {
            h.scan();
            scans++;
        }
        assertFalse(h.node(last).responding(), "seen within " + bound + " scans");
        assertTrue(LustreState.fastReadsPerScan(100_000) * LustreState.FAST_ROUND_SCANS >= 100_000,
                "100,000 OSTs are covered in FAST_ROUND_SCANS scans");
    }

    /** prealloc_status -30 on a connected OST: a Critical trap, and an Info one when it is 0 again. */
    @Test
    void aPrecreateErrorIsACriticalCondition() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_16).withDebugfs(true)
                .fileSystem("lustre", 2).write());
        h.scan();
        h.fixture.precreateError("lustre-OST0001", -30);
        List<Trap> raised = h.scan();
        assertEquals(List.of("lustre-OST0001 CRITICAL create-failed"), events(raised));
        assertTrue(raised.get(0).message().contains("cannot create objects: rc = -30"), raised.get(0).message());
        assertTrue(h.node("lustre-OST0001").responding(), "the OST itself answers (import FULL)");
        assertEquals(-30, h.node("lustre-OST0001").prealloc());
        assertEquals(List.of(), h.scan(), "no repeat");
        h.fixture.precreateError("lustre-OST0001", 0);
        assertEquals(List.of("lustre-OST0001 INFO create-ok"), events(h.scan()));
    }

    /** -107 and -110 count as not responding once a second read still shows them (osp_pre_update_status()). */
    @Test
    void enotconnAndEtimedoutNeedASecondRead() throws IOException {
        for (int rc : new int[] {-107, -110}) {
            Path root = dir.resolve("rc" + -rc);
            MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false)
                    .fileSystem("lustre", 2).write());
            h.scan();
            h.fixture.precreateError("lustre-OST0000", rc);
            assertEquals(List.of(), h.scan(), "first read of " + rc);
            assertEquals(List.of("lustre-OST0000 CRITICAL down"), events(h.scan()), "second read of " + rc);
            assertEquals("PREALLOC_ERROR(" + rc + ")", h.node("lustre-OST0000").state());
            h.fixture.precreateError("lustre-OST0000", 0);
            assertEquals(List.of("lustre-OST0000 INFO up"), events(h.scan()));
        }
    }

    /** A never-connected target: INACTIVE in target_obd, ENOTCONN statfs, prealloc_status -11 (facts §6). */
    @Test
    void aTargetNeverConnectedIsNotRespondingAfterTwoReads() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 2).condition("lustre-OST0001", NodeCondition.CONNECTING).write());
        assertEquals(List.of(), h.scan());
        assertEquals(List.of("lustre-OST0001 CRITICAL down"), events(h.scan()));
        assertEquals("CONNECTING", h.node("lustre-OST0001").state());
        assertEquals(Space.UNKNOWN, h.node("lustre-OST0001").space(), "statfs fails with ENOTCONN");
    }

    @Test
    void spaceAndInodesOfOstsAndMdtsWarnWithHysteresis() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1, 1, 2).write());
        h.scan();
        h.fixture.freeInodes("lustre-OST0001", 5);
        h.fixture.condition("lustre-MDT0000", NodeCondition.LOW_SPACE);
        h.fixture.freeInodes("lustre-MDT0001", 8);
        List<String> raised = events(h.scan()).stream().sorted().toList();
        assertEquals(List.of("lustre-MDT0000 WARNING space-low", "lustre-MDT0001 WARNING inodes-low",
                "lustre-OST0001 WARNING inodes-low"), raised);
        h.fixture.freeInodes("lustre-OST0001", 10); // at the threshold, not above it by the hysteresis
        assertEquals(List.of(), h.scan());
        h.fixture.freeInodes("lustre-OST0001", 12);
        h.fixture.condition("lustre-MDT0000", NodeCondition.FULL);
        assertEquals(List.of("lustre-MDT0000 INFO space-ok", "lustre-OST0001 INFO inodes-ok"),
                events(h.scan()).stream().sorted().toList());
    }

    @Test
    void inodewarnZeroTurnsTheInodeWarningOff() throws IOException {
        LustreTreeWriter f = LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false).fileSystem("lustre", 1).write();
        f.freeInodes("lustre-OST0000", 1);
        MonitorHarness h = new MonitorHarness(f, 5, 0);
        assertEquals(List.of(), h.scan());
    }

    /** The LOD's own totals (lod_statfs(), lustre/lod/lod_dev.c v2_15_0), fresh at every scan. */
    @Test
    void fileSystemTotalsComeFromTheLodAtEveryScan() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1, 1, 3).write());
        h.scan();
        Space before = h.monitor.fileSystem("lustre").orElseThrow().lodSpace();
        assertEquals(h.node("lustre-OST0000").space().kbytesTotal() + h.node("lustre-OST0001").space().kbytesTotal()
                + h.node("lustre-OST0002").space().kbytesTotal(), before.kbytesTotal(), "the OSTs' blocks");
        h.fixture.condition("lustre-OST0002", NodeCondition.INACTIVE);
        h.scan();
        Space after = h.monitor.fileSystem("lustre").orElseThrow().lodSpace();
        assertEquals(before.kbytesTotal() - h.node("lustre-OST0000").space().kbytesTotal() - 2048,
                after.kbytesTotal(), "an OST whose statfs fails is left out");
    }

    /** recovery_status (lprocfs_recovery_status_seq_show(), lustre/obdclass/lprocfs_status_server.c v2_15_0). */
    @Test
    void recoveryRaisesATrapWhenItStartsAndWhenItEnds() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1).write());
        assertEquals(List.of(), h.scan(), "COMPLETE at start-up: nothing to say");
        assertEquals("COMPLETE", h.node("lustre-MDT0000").recovery().status());
        h.fixture.recovering("lustre-MDT0000", 3, 12, 0, 280);
        List<Trap> start = h.scan();
        assertEquals(List.of("lustre-MDT0000 WARNING recovery"), events(start));
        assertTrue(start.get(0).message().contains("12 clients to recover"), start.get(0).message());
        Recovery r = h.node("lustre-MDT0000").recovery();
        assertEquals(List.of("RECOVERING", 12, 280L), List.of(r.status(), r.clients(), r.remaining()));
        assertEquals(List.of(), h.scan());
        h.fixture.recovered("lustre-MDT0000", 41, 11, 12);
        List<Trap> end = h.scan();
        assertEquals(List.of("lustre-MDT0000 INFO recovered"), events(end));
        assertTrue(end.get(0).message().contains("after 41 s: 11 of 12 clients recovered, 1 evicted"),
                end.get(0).message());
    }

    @Test
    void evictionCountIsKnownFrom216AndUnknownBefore() throws IOException {
        MonitorHarness v216 = new MonitorHarness(LustreTreeWriter.at(dir.resolve("a"), TreeLayout.V2_16)
                .withDebugfs(false).fileSystem("lustre", 2, 0, 1).write());
        v216.fixture.evictions("lustre-MDT0000", 4).evictions("lustre-MDT0001", 3);
        v216.scan();
        assertEquals(4, v216.node("lustre-MDT0000").evictions());
        assertEquals(7, v216.monitor.fileSystem("lustre").orElseThrow().evictions());
        MonitorHarness v215 = new MonitorHarness(LustreTreeWriter.at(dir.resolve("b"), TreeLayout.V2_15)
                .withDebugfs(false).fileSystem("lustre", 1).write());
        v215.scan();
        assertEquals(-1, v215.node("lustre-MDT0000").evictions(), "no eviction_count before 2.16: unknown, not 0");
        assertEquals(-1, v215.monitor.fileSystem("lustre").orElseThrow().evictions());
        assertEquals(Recovery.UNKNOWN, v215.node("lustre-OST0000").recovery());
    }

    /**
     * DNE: two local MDTs and a remote one whose connection is lost. Without root nothing in sysfs or /proc
     * changes (osp_import_event() returns early for an MDT-facing OSP, lustre/osp/osp_dev.c v2_15_0;
     * prealloc_status is EINVAL, lproc_osp.c); with root, the debugfs import says DISCONN.
     */
    @Test
    void aRemoteMdtsLossShowsOnlyToRoot() throws IOException {
        for (boolean root : new boolean[] {false, true}) {
            MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir.resolve("root-" + root), TreeLayout.V2_15)
                    .withDebugfs(root).fileSystem("lustre", 2, 1, 2).write());
            h.scan();
            assertEquals(List.of("lustre-MDT0000", "lustre-MDT0001", "lustre-MDT0002", "lustre-OST0000",
                    "lustre-OST0001"), h.monitor.nodeNames("lustre"));
            assertTrue(h.node("lustre-MDT0001").local());
            h.fixture.condition("lustre-MDT0002", NodeCondition.DISCONNECTED);
            List<Trap> raised = h.scan();
            NodeStatus remote = h.node("lustre-MDT0002");
            if (root) {
                assertEquals(List.of("lustre-MDT0002 CRITICAL down"), events(raised));
                assertEquals("DISCONN", remote.state());
                assertEquals("import", remote.signal());
            } else {
                assertEquals(List.of(), raised, "nothing a normal user can read changed");
                assertEquals(Condition.RESPONDING, remote.condition());
                assertEquals("mdt_obd", remote.signal());
                assertTrue(remote.space().kbytesTotal() > 0, "statfs is the cached copy");
            }
        }
    }

    /** A combined MGS/MDS: the MGS's folders are no filesystem and no node. */
    @Test
    void aCombinedMgsIsNeitherAFileSystemNorANode() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(true).withMgs()
                .fileSystem("lustre", 2).write());
        h.scan();
        assertEquals(List.of("lustre"), h.monitor.fileSystems());
        assertEquals(List.of("lustre-MDT0000", "lustre-OST0000", "lustre-OST0001"), h.monitor.nodeNames(""));
    }

    /** A ZFS-backed MDT: its space from osd-zfs (lustre/osd-zfs/osd_lproc.c v2_15_0); health_check as usual. */
    @Test
    void aZfsMdtIsReadFromItsOsdZfsFolder() throws IOException {
        for (TreeLayout layout : new TreeLayout[] {TreeLayout.V2_12, TreeLayout.V2_16}) {
            MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir.resolve(layout.name()), layout)
                    .withDebugfs(false).backend("zfs").fileSystem("lustre", 1).write());
            h.scan();
            assertTrue(h.node("lustre-MDT0000").space().kbytesTotal() > 0, layout + ": " + h.node("lustre-MDT0000"));
            assertTrue(h.recording.reads.stream().anyMatch(r -> r.contains("osd-zfs/lustre-MDT0000/kbytestotal")));
            assertEquals("healthy", h.monitor.fileSystem("lustre").orElseThrow().health());
        }
    }

    /** An unexpected error on the fast round's file makes the node UNKNOWN at once, through its full read. */
    @Test
    void anUnreadablePreallocStatusIsReadInFullAtOnce() throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 2).write());
        h.scan();
        h.kernelErrors.add(new MonitorHarness.KernelError(ProcRoot.SYSFS,
                "osp/lustre-OST0001-osc-MDT0000/prealloc_status", "Input/output error"));
        h.scan();
        assertEquals(Condition.UNKNOWN, h.node("lustre-OST0001").condition());
        assertEquals(List.of(), h.traps);
        h.extraFaults.add(new FileError(ProcRoot.SYSFS, "osp/lustre-OST0000-osc-MDT0000/prealloc_status",
                ProcError.INVALID_ARGUMENT));
        h.scan();
        assertEquals(Condition.RESPONDING, h.node("lustre-OST0000").condition(), "EINVAL is no failure");
    }
}
