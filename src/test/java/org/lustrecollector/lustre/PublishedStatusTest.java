package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The console's marks on a node's status, kept beside the last read and applied when the status is asked
 * for: what {@code LustreState} publishes between a console line (import.c's "Connection to … was lost" and
 * "Connection restored to …", v2_15_0) and the next read of the node's files.
 */
class PublishedStatusTest {
    private static final long READ_AT = 1_800_000_000L;

    private static NodeStatus read(Condition condition, String signal, boolean local) {
        return new NodeStatus("lustre-OST0003", "lustre", NodeType.OST, local, condition,
                condition == Condition.RESPONDING ? "FULL" : "DISCONN", signal, Space.UNKNOWN, "10.0.0.7@o2ib",
                READ_AT, READ_AT, "", 0, -1, Recovery.UNKNOWN);
    }

    @Test
    void aConsoleLossShowsTheNodeNotRespondingSinceTheLineUntilARestorationSaysItIsBack() {
        NodeStatus responding = read(Condition.RESPONDING, "import", false);
        PublishedStatus published = new PublishedStatus("lustre-OST0003", responding);
        assertSame(responding, published.status(), "no mark: the read as it is");

        assertTrue(published.consoleLost(READ_AT + 5), "first signal since the scan took it: queue it");
        NodeStatus lost = published.status();
        assertEquals(Condition.NOT_RESPONDING, lost.condition());
        assertEquals("console", lost.signal());
        assertEquals(READ_AT + 5, lost.since());
        assertEquals("10.0.0.7@o2ib", lost.nid(), "the rest is the read's");

        assertFalse(published.consoleRestored(READ_AT + 9), "already queued for the next scan");
        NodeStatus back = published.status();
        assertEquals(Condition.RESPONDING, back.condition());
        assertEquals("RESTORED", back.state());
        assertEquals("console", back.signal());
        assertEquals(READ_AT + 9, back.since());

        published.consoleRestored(READ_AT + 12);
        assertEquals(READ_AT + 9, published.status().since(), "a repeated restoration changes nothing");
    }

    @Test
    void aReadOfTheConnectionsOwnStateEndsTheMarkAnotherReadKeepsIt() {
        PublishedStatus published = new PublishedStatus("lustre-OST0003", read(Condition.RESPONDING, "import", false));
        published.consoleLost(READ_AT + 5);

        assertTrue(published.publishRead(read(Condition.RESPONDING, "target_obd", false), false));
        assertEquals(Condition.NOT_RESPONDING, published.status().condition(), "a cached value says nothing of it");

        NodeStatus imported = read(Condition.RESPONDING, "import", false);
        assertTrue(published.publishRead(imported, true), "the mark stood when the read came");
        assertSame(imported, published.status(), "the import file decides");
        assertFalse(published.publishRead(imported, true), "no mark any more");
    }

    @Test
    void aNodeAReadShowsNotRespondingKeepsTheReadsStatusAndALocalNodeIsLeftAlone() {
        NodeStatus down = read(Condition.NOT_RESPONDING, "prealloc_status", false);
        PublishedStatus remote = new PublishedStatus("lustre-OST0003", down);
        remote.consoleLost(READ_AT + 5);
        assertSame(down, remote.status());
        remote.consoleRestored(READ_AT + 6);
        assertSame(down, remote.status(), "the mark did not show it lost, so its end shows nothing");

        NodeStatus mdt = read(Condition.RESPONDING, "recovery_status", true);
        PublishedStatus local = new PublishedStatus("lustre-MDT0000", mdt);
        assertFalse(local.consoleLost(READ_AT + 5), "this MDS's own target: no scan to queue");
        assertSame(mdt, local.status());
    }

    @Test
    void theScanTakingANodeLetsTheNextLineQueueItAgain() {
        PublishedStatus published = new PublishedStatus("lustre-OST0003", read(Condition.RESPONDING, "import", false));
        assertTrue(published.consoleLost(READ_AT + 1));
        assertFalse(published.consoleLost(READ_AT + 2));
        published.taken();
        assertTrue(published.consoleRestored(READ_AT + 3));
    }
}
