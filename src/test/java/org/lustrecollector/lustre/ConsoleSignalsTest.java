package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;

/**
 * A console line "Connection to X (at nid) was lost" (lustre/ptlrpc/import.c ptlrpc_set_import_discon(),
 * v2_15_0, v2_16_0) reaches the Lustre state through {@link org.lustrecollector.source.ConnectionSignals}: the
 * target shows not responding at once, without waiting for the scan that reads its files, until a file that
 * carries the connection's state says otherwise or "Connection restored" comes.
 */
class ConsoleSignalsTest {
    @TempDir
    Path dir;

    private MonitorHarness harness(boolean root) throws IOException {
        MonitorHarness h = new MonitorHarness(LustreTreeWriter.at(dir.resolve("root-" + root), TreeLayout.V2_15)
                .withDebugfs(root).fileSystem("lustre", 2, 1, 2).write());
        h.scan();
        return h;
    }

    @Test
    void anOstIsShownNotRespondingAtOnceAndItsStateFilesDecideAtTheNextScan() throws IOException {
        MonitorHarness h = harness(false);
        assertTrue(h.node("lustre-OST0001").responding());

        h.monitor.connectionLost("lustre-OST0001", h.clock.instant().getEpochSecond());
        NodeStatus marked = h.node("lustre-OST0001");
        assertFalse(marked.responding(), "at once, before any scan");
        assertEquals("console", marked.signal());
        assertEquals(List.of("lustre-OST0001"), h.monitor.fileSystem("lustre").orElseThrow().notResponding());

        // A real OSP shows the loss in prealloc_status at once (osp_import_event() IMP_EVENT_DISCON sets
        // -ENODEV, lustre/osp/osp_dev.c v2_15_0), and the next scan reads the signalled target's files.
        h.fixture.condition("lustre-OST0001", NodeCondition.DISCONNECTED);
        h.scan();
        assertFalse(h.node("lustre-OST0001").responding());
        assertEquals("prealloc_status", h.node("lustre-OST0001").signal(), "the state files decide now");

        h.fixture.condition("lustre-OST0001", NodeCondition.FULL);
        h.scan();
        h.scan();
        assertTrue(h.node("lustre-OST0001").responding(), "and say when it is back, without a console line");
    }

    @Test
    void aReadOfTheConnectionsOwnStateThatSaysItRespondsEndsTheMark() throws IOException {
        MonitorHarness h = harness(false);
        h.monitor.connectionLost("lustre-OST0000", h.clock.instant().getEpochSecond());
        assertFalse(h.node("lustre-OST0000").responding());
        h.scan();
        assertTrue(h.node("lustre-OST0000").responding(), "prealloc_status 0: the connection is there");
        assertEquals("prealloc_status", h.node("lustre-OST0000").signal());
    }

    /** Without root nothing in a remote MDT's files changes on a loss (docs/lustre-facts.md §15 item 8). */
    @Test
    void aRemoteMdtStaysNotRespondingWithoutRootUntilTheConsoleSaysItIsRestored() throws IOException {
        MonitorHarness h = harness(false);
        assertTrue(h.node("lustre-MDT0002").responding());
        h.monitor.connectionLost("lustre-MDT0002", h.clock.instant().getEpochSecond());
        h.fixture.condition("lustre-MDT0002", NodeCondition.DISCONNECTED);
        h.scan();
        h.scan();
        NodeStatus remote = h.node("lustre-MDT0002");
        assertFalse(remote.responding(), "mdt_obd and the cached statfs say nothing of the connection");
        assertEquals("console", remote.signal());

        h.fixture.condition("lustre-MDT0002", NodeCondition.FULL);
        h.monitor.connectionRestored("lustre-MDT0002", h.clock.instant().getEpochSecond());
        assertTrue(h.node("lustre-MDT0002").responding(), "at once");
        h.scan();
        assertTrue(h.node("lustre-MDT0002").responding());
    }

    @Test
    void aRemoteMdtWithRootIsDecidedByItsImport() throws IOException {
        MonitorHarness h = harness(true);
        h.monitor.connectionLost("lustre-MDT0002", h.clock.instant().getEpochSecond());
        assertFalse(h.node("lustre-MDT0002").responding());
        h.scan();
        assertTrue(h.node("lustre-MDT0002").responding(), "its import says FULL: the import decides");
        assertEquals("import", h.node("lustre-MDT0002").signal());
    }

    @Test
    void targetsThisMdsDoesNotTrackAndItsOwnMdtsAreLeftAlone() throws IOException {
        MonitorHarness h = harness(false);
        h.monitor.connectionLost("MGC10.0.0.1@o2ib", 1);
        h.monitor.connectionLost("other-OST0000", 1);
        h.monitor.connectionLost("lustre-MDT0000", 1);
        assertTrue(h.node("lustre-MDT0000").responding(), "a local MDT is not reached through a connection");
        assertEquals(List.of(), h.monitor.fileSystem("lustre").orElseThrow().notResponding());
    }
}
