package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.source.ConnectionSignals;

/**
 * The losses and restorations the Lustre state's own reads discover reach its {@link ConnectionSignals} (the
 * outage detector in the collector), with the NID the target was reached at: prealloc_status -19 on a plain
 * loss (osp_import_event() IMP_EVENT_DISCON, lustre/osp/osp_dev.c v2_15_0), the NID from ost_conn_uuid.
 */
class StateConnectionSignalsTest {
    private static final String OSS = "10.0.3.17@o2ib";
    private static final String FAILOVER = "10.0.3.117@o2ib";

    @TempDir
    Path dir;

    private final List<String> heard = new ArrayList<>();
    private final ConnectionSignals recorder = new ConnectionSignals() {
        @Override
        public void connectionLost(String target, long when) {
            throw new AssertionError("the state names the NID");
        }

        @Override
        public void connectionRestored(String target, long when) {
            throw new AssertionError("the state names the NID");
        }

        @Override
        public void connectionLost(String target, String nid, long when) {
            heard.add("lost " + target + " " + nid + " " + when);
        }

        @Override
        public void connectionRestored(String target, String nid, long when) {
            heard.add("restored " + target + " " + nid + " " + when);
        }
    };

    private static String ost(int index) {
        return LustreTreeWriter.ostName("lustre", index);
    }

    /** One filesystem of 12 OSTs, the first 8 on the OSS at {@link #OSS}, the others each on a server of its own. */
    private MonitorHarness harness(TreeLayout layout, boolean root) throws IOException {
        LustreTreeWriter tree = LustreTreeWriter.at(dir.resolve(layout + "-" + root), layout).withDebugfs(root)
                .fileSystem("lustre", 12);
        for (int i = 0; i < 8; i++) {
            tree.nids(ost(i), OSS, FAILOVER);
        }
        return new MonitorHarness(tree.write(), recorder);
    }

    private void conditions(MonitorHarness h, int from, int to, NodeCondition c) throws IOException {
        for (int i = from; i < to; i++) {
            h.fixture.condition(ost(i), c);
        }
    }

    private List<String> expected(String what, int from, int to, String nid, long when) {
        List<String> all = new ArrayList<>();
        for (int i = from; i < to; i++) {
            all.add(what + " " + ost(i) + " " + nid + " " + when);
        }
        return all;
    }

    @Test
    void anOssWhoseOstsStopRespondingIsToldWithItsNidAndAgainWhenTheyAreBack() throws IOException {
        for (boolean root : new boolean[] {false, true}) {
            heard.clear();
            MonitorHarness h = harness(TreeLayout.V2_15, root);
            h.scan();
            assertEquals(List.of(), heard, "nothing lost at the first scan");

            conditions(h, 0, 8, NodeCondition.DISCONNECTED);
            h.scan();
            long lostAt = h.clock.instant().getEpochSecond();
            assertEquals(expected("lost", 0, 8, OSS, lostAt), heard, "root " + root);
            assertFalse(h.node(ost(0)).responding());
            h.scan();
            assertEquals(8, heard.size(), "a loss that holds is told once");

            heard.clear();
            conditions(h, 0, 8, NodeCondition.FULL);
            h.scan();
            assertEquals(expected("restored", 0, 8, OSS, h.clock.instant().getEpochSecond()), heard);
            assertTrue(h.node(ost(7)).responding());
        }
    }

    @Test
    void aLossAConsoleLineToldFirstIsNotToldAgainButItsEndIs() throws IOException {
        MonitorHarness h = harness(TreeLayout.V2_15, false);
        h.scan();
        long line = h.clock.instant().getEpochSecond();
        for (int i = 0; i < 8; i++) {
            h.monitor.connectionLost(ost(i), OSS, line);
        }
        conditions(h, 0, 8, NodeCondition.DISCONNECTED);
        h.scan();
        h.scan();
        assertFalse(h.node(ost(3)).responding());
        assertEquals(List.of(), heard, "the console line's listeners heard the loss already");

        conditions(h, 0, 8, NodeCondition.FULL);
        h.scan();
        assertEquals(expected("restored", 0, 8, OSS, h.clock.instant().getEpochSecond()), heard,
                "the read that sees them back says so, whether or not a 'Connection restored' line comes");
    }

    @Test
    void targetsFirstSeenDownAreNotToldAsLosses() throws IOException {
        MonitorHarness h = harness(TreeLayout.V2_15, false);
        conditions(h, 0, 8, NodeCondition.DISCONNECTED);
        h.scan();
        h.scan();
        assertFalse(h.node(ost(0)).responding());
        conditions(h, 0, 8, NodeCondition.FULL);
        h.scan();
        assertTrue(h.node(ost(0)).responding());
        assertEquals(List.of(), heard, "the collector did not see them go");
    }

    @Test
    void aLostTargetThatIsDeactivatedIsNoLongerLost() throws IOException {
        MonitorHarness h = harness(TreeLayout.V2_12, false);
        h.scan();
        h.fixture.condition(ost(9), NodeCondition.INACTIVE);
        h.scan();
        String nid = h.node(ost(9)).nid();
        assertEquals(List.of("lost " + ost(9) + " " + nid + " " + h.clock.instant().getEpochSecond()), heard);

        h.fixture.condition(ost(9), NodeCondition.DEACTIVATED);
        h.scan();
        assertEquals(Condition.DEACTIVATED, h.node(ost(9)).condition());
        assertEquals("restored " + ost(9) + " " + nid + " " + h.clock.instant().getEpochSecond(), heard.get(1));
        h.fixture.condition(ost(9), NodeCondition.FULL);
        h.scan();
        assertEquals(2, heard.size(), "reactivated is no restoration: nothing was lost");
    }

    @Test
    void aLostTargetGoneFromTheTreesIsNoLongerLost() throws IOException {
        MonitorHarness h = harness(TreeLayout.V2_15, false);
        h.scan();
        h.fixture.condition(ost(10), NodeCondition.DISCONNECTED);
        h.scan();
        assertEquals(1, heard.size(), heard.toString());
        String nid = h.node(ost(10)).nid();

        String device = LustreTreeWriter.ospDevice(ost(10), 0);
        Path sysfs = h.fixture.root().resolve("sys/fs/lustre");
        Files.delete(sysfs.resolve("osc/" + device));
        try (Stream<Path> files = Files.walk(sysfs.resolve("osp/" + device))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        h.scan();
        h.scan();
        assertTrue(h.monitor.node(ost(10)).isEmpty(), "no longer on this MDS");
        assertEquals("restored " + ost(10) + " " + nid, heard.get(1).substring(0, heard.get(1).lastIndexOf(' ')),
                "no read will see it back: its loss ends with it");
    }
}
