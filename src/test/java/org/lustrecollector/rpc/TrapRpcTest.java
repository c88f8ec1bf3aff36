package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.OutageTally;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;

class TrapRpcTest {
    private static final long NOW = 1_800_000_000L;

    @TempDir
    Path dir;

    private final MutableInstantSource clock = new MutableInstantSource(NOW);
    private TestCollector collector;
    private TrapRpc rpc;

    @BeforeEach
    void build() {
        collector = RpcTestSupport.collector(dir.resolve("traps"), clock);
        rpc = new TrapRpc(collector.store(), collector.loop());
    }

    @Test
    void getTrapsAnswersTrapsAndTimestamp() {
        collector.store().addAll(List.of(
                new Trap("a", 1_700_000_001L, Category.WARNING, "fs1", "lustre-MDT0000", "first"),
                new Trap("b", 1_700_000_002L, Category.INFO, "", "node2", "second")));
        clock.advance(5);
        collector.store().add(new Trap("c", 1_700_000_003L, Category.FATAL, "fs2", "node3", "third"));
        clock.advance(5);

        Object[] answer = rpc.getTraps(0);
        assertEquals(2, answer.length);
        Object[] traps = assertInstanceOf(List.class, answer[0]).toArray();
        assertEquals(Integer.valueOf((int) NOW + 10), assertInstanceOf(Integer.class, answer[1]));
        assertEquals(3, traps.length);
        assertArrayEquals(new Object[] {"first", 1, "lustre-MDT0000", "fs1", "a", 1_700_000_001}, (Object[]) traps[0]);
        assertArrayEquals(new Object[] {"second", 0, "node2", "", "b", 1_700_000_002}, (Object[]) traps[1]);
        assertArrayEquals(new Object[] {"third", 3, "node3", "fs2", "c", 1_700_000_003}, (Object[]) traps[2]);
        for (Object trap : traps) {
            Object[] row = (Object[]) trap;
            assertInstanceOf(Integer.class, row[1]);
            assertInstanceOf(Integer.class, row[5]);
        }

        Object[] recent = rows(rpc.getTraps((int) NOW + 5));
        assertEquals(1, recent.length);
        assertEquals("c", ((Object[]) recent[0])[4]);

        assertEquals(1, rows(rpc.getTraps(-5)).length, "the last 5 seconds");
        assertEquals(0, rows(rpc.getTraps(-4)).length);
    }

    @Test
    void passingTheTimestampBackGetsOnlyNewerTraps() {
        collector.store().add(new Trap("a", 1L, Category.INFO, "fs", "n", "m"));
        clock.advance(1);
        Object[] first = rpc.getTraps(0);
        collector.store().add(new Trap("b", 2L, Category.INFO, "fs", "n", "m"));
        Object[] second = rpc.getTraps((Integer) first[1]);
        Object[] traps = rows(second);
        assertEquals(1, traps.length);
        assertEquals("b", ((Object[]) traps[0])[4]);
    }

    @Test
    void timesPastTheIntRangeSaturate() {
        collector.store().add(new Trap("late", 5_000_000_000L, Category.INFO, "fs", "n", "m"));
        Object[] row = (Object[]) rows(rpc.getTraps(0))[0];
        assertEquals(Integer.MAX_VALUE, row[5]);
        assertEquals(Integer.MAX_VALUE, TrapRpc.toInt(Long.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, TrapRpc.toInt(Long.MIN_VALUE));
        assertEquals(42, TrapRpc.toInt(42));
    }

    @Test
    void getLastTimestampIsZeroWhenEmptyElseTheNewestReceiveTime() {
        assertEquals(0, rpc.getLastTimestamp());
        collector.store().add(new Trap("a", 1L, Category.INFO, "fs", "n", "m"));
        clock.advance(30);
        assertEquals((int) NOW, rpc.getLastTimestamp());
        collector.store().add(new Trap("b", 1L, Category.INFO, "fs", "n", "m"));
        assertEquals((int) NOW + 30, rpc.getLastTimestamp());
    }

    @Test
    @SuppressWarnings("unchecked")
    void getStatusReportsCountersAsDoubles() {
        collector.store().addAll(List.of(
                new Trap("a", 1L, Category.FATAL, "fs1", "n", "m"),
                new Trap("b", 1L, Category.INFO, "fs2", "n", "m")));
        Map<String, Object> status = rpc.getStatus();
        assertEquals(2.0, status.get("received"));
        assertEquals(2, status.get("stored"));
        assertEquals(0.0, status.get("dropped"));
        assertEquals(0.0, status.get("expired"));
        assertEquals(250, status.get("maxtraps"));
        assertEquals(dir.resolve("traps").toString(), status.get("trapfile"));
        Map<String, Object> byCategory = (Map<String, Object>) status.get("receivedByCategory");
        assertEquals(Map.of("INFO", 1.0, "WARNING", 0.0, "CRITICAL", 0.0, "FATAL", 1.0), byCategory);
        assertEquals(Map.of("fs1", 1.0, "fs2", 1.0), status.get("receivedByFileSystem"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void getStatusCountsTheActiveOutagesAndTheSummariesRaised() {
        TrapRpc withOutages = new TrapRpc(collector.store(), collector.loop(), null,
                new OutageTally(collector.outages()));
        assertEquals(Map.of("server", 0, "network", 0, "active", 0, "raised", Map.of("server", 0.0, "network", 0.0)),
                withOutages.getStatus().get("outages"));
        assertEquals(withOutages.getStatus().get("outages"), rpc.getStatus().get("outages"),
                "without a detector: no outage");

        for (int i = 0; i < 8; i++) {
            collector.outages().connectionLost(String.format("lustre-OST%04x", i), "10.0.3.17@o2ib", NOW);
        }
        Map<String, Object> forming = (Map<String, Object>) withOutages.getStatus().get("outages");
        assertEquals(1, forming.get("server"));
        assertEquals(1, forming.get("active"));
        assertEquals(Map.of("server", 0.0, "network", 0.0), forming.get("raised"), "its summary waits for the window");

        collector.outages().settle(NOW + 10);
        Map<String, Object> raised = (Map<String, Object>) withOutages.getStatus().get("outages");
        assertEquals(Map.of("server", 1, "network", 0, "active", 1, "raised", Map.of("server", 1.0, "network", 0.0)),
                raised);
        assertEquals(1, collector.store().since(0).traps().stream()
                .filter(t -> t.trap().id().contains(":server-outage:")).count());
    }

    @Test
    @SuppressWarnings("unchecked")
    void getStatusNamesTheLargestFileSystemsAndSumsTheRest() {
        List<Trap> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(new Trap("t" + i, 1L, Category.INFO, "fs" + i, "n", "m"));
        }
        for (int b = 0; b < 5; b++) {
            for (int k = 0; k < 10; k++) {
                batch.add(new Trap("big" + b + "-" + k, 1L, Category.CRITICAL, "big" + b, "n", "m"));
            }
        }
        collector.store().addAll(batch);
        Map<String, Object> status = rpc.getStatus();

        Map<String, Object> received = (Map<String, Object>) status.get("receivedByFileSystem");
        assertEquals(TrapRpc.SHOWN_FILESYSTEMS + 1, received.size());
        for (int b = 0; b < 5; b++) {
            assertEquals(10.0, received.get("big" + b));
        }
        assertEquals(500.0 - (TrapRpc.SHOWN_FILESYSTEMS - 5), received.get("*other*"));
        assertEquals(550.0, received.values().stream().mapToDouble(v -> (Double) v).sum());

        Map<String, Object> dropped = (Map<String, Object>) status.get("droppedByFileSystem");
        assertTrue(dropped.size() <= TrapRpc.SHOWN_FILESYSTEMS + 1, dropped.size() + " keys");
        assertEquals(300.0, dropped.values().stream().mapToDouble(v -> (Double) v).sum());
        Map<String, Object> byCategory = (Map<String, Object>) status.get("droppedByFileSystemAndCategory");
        assertEquals(dropped.keySet(), byCategory.keySet());
        assertEquals(dropped.get("*other*"), ((Map<String, Object>) byCategory.get("*other*")).get("INFO"));
    }

    /** The traps of a getTraps answer, as arrays. */
    private static Object[] rows(Object[] answer) {
        return ((List<?>) answer[0]).toArray();
    }
}
