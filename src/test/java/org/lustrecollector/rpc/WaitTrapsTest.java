package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapSnapshot;
import org.lustrecollector.trap.TrapStore;

/**
 * waitTraps as a method: when it answers at once (as getTraps) and what it waits for; the store's publish
 * notification; system.multicall and system.getCapabilities. The waiting itself, in a real container, is in
 * org.lustrecollector.it.WaitTrapsIT.
 */
class WaitTrapsTest {
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

    private static Trap trap(String id) {
        return new Trap(id, 1_700_000_000L, Category.CRITICAL, "fs", "node", "message " + id);
    }

    @Test
    void withTrapsToAnswerItAnswersAtOnceAsGetTraps() {
        collector.store().add(trap("a"));
        clock.advance(3);
        Object[] waited = rpc.waitTraps(0, 60);
        assertNull(TrapWait.of(waited));
        Object[] polled = rpc.getTraps(0);
        assertEquals(((List<?>) polled[0]).size(), ((List<?>) waited[0]).size());
        assertEquals(polled[1], waited[1]);
        assertEquals(1, ((List<?>) rpc.waitTraps(-3, 60)[0]).size(), "the last 3 seconds");
    }

    @Test
    void secondsOfZeroOrLessAnswersAtOnceEvenWithNothing() {
        for (int seconds : new int[] {0, -5}) {
            Object[] answer = rpc.waitTraps((int) NOW, seconds);
            assertNull(TrapWait.of(answer));
            assertEquals(0, ((List<?>) answer[0]).size());
            assertEquals((int) NOW, answer[1]);
        }
    }

    @Test
    void withNothingToAnswerItWaitsForTrapsReceivedFromItsTime() {
        collector.store().add(trap("old"));
        clock.advance(10);
        TrapWait wait = TrapWait.of(rpc.waitTraps((int) NOW + 5, 30));
        assertNotNull(wait);
        assertEquals(NOW + 5, wait.from());
        assertEquals(30, wait.seconds());
        assertFalse(wait.ready(collector.store().snapshot()), "the stored trap is older than the time asked for");

        TrapWait recent = TrapWait.of(rpc.waitTraps(-2, 30));
        assertNotNull(recent, "nothing in the last 2 seconds");
        assertEquals(NOW + 8, recent.from(), "a negative time is resolved when the call comes");

        collector.store().add(trap("new"));
        assertTrue(wait.ready(collector.store().snapshot()));
        Object[] answer = wait.answer();
        List<?> rows = (List<?>) answer[0];
        assertEquals(1, rows.size());
        assertEquals("new", ((Object[]) rows.get(0))[4]);
        assertEquals((int) NOW + 10, answer[1]);
    }

    /**
     * Times are whole seconds: a caller that passes back the timestamp of this very second has had the traps
     * received in it so far. It waits for the next batch (or the second's end) instead of getting the same
     * traps back at once, which would loop until the second is over.
     */
    @Test
    void aCallerBackWithinTheSameSecondWaitsForTheNextBatch() {
        collector.store().add(trap("a"));
        Object[] first = rpc.waitTraps((int) NOW - 1, 60);
        assertNull(TrapWait.of(first), "traps received at or after an earlier time: answered at once");
        int timestamp = (Integer) first[1];
        assertEquals((int) NOW, timestamp);

        TrapWait again = TrapWait.of(rpc.waitTraps(timestamp, 60));
        assertNotNull(again, "the same second's traps are not sent again at once");
        assertFalse(again.ready(collector.store().snapshot()));
        assertTrue(again.timeoutMillis(Duration.ofSeconds(60)) <= TrapWait.SAME_SECOND_MILLIS,
                "it waits at most until the second is over");

        collector.store().add(trap("b"));
        assertTrue(again.ready(collector.store().snapshot()), "the next batch wakes it");
        List<?> rows = (List<?>) again.answer()[0];
        assertEquals(List.of("a", "b"), rows.stream().map(r -> ((Object[]) r)[4]).toList(),
                "the second's traps once more, and the new one: nothing is lost");

        clock.advance(1);
        assertNull(TrapWait.of(rpc.waitTraps(timestamp, 60)), "from a later second it is getTraps again");
        assertNotNull(TrapWait.of(rpc.waitTraps(timestamp + 1, 60)), "and with the new timestamp it waits");
    }

    @Test
    void theStoreTellsEachListenerOfEachPublicationOnce() {
        List<Long> versions = new ArrayList<>();
        collector.store().addPublishListener(s -> versions.add(s.version()));
        collector.store().addAll(List.of(trap("1"), trap("2"), trap("3")));
        collector.store().add(trap("4"));
        collector.store().addAll(List.of());
        assertEquals(2, versions.size(), "a batch of three is one publication: " + versions);
        TrapSnapshot last = collector.store().snapshot();
        assertEquals(last.version(), versions.get(1));

        TrapStore.PublishListener removed = s -> versions.add(-1L);
        collector.store().addPublishListener(removed);
        collector.store().removePublishListener(removed);
        collector.store().add(trap("5"));
        assertEquals(3, versions.size());
        assertFalse(versions.contains(-1L), "a removed listener is not told");
    }

    @Test
    void multicallAnswersEachCallInOrderWithItsResultOrItsFault() throws Exception {
        collector.store().add(trap("m"));
        CollectorHandlerMapping mapping = RpcTestSupport.mapping(rpc);
        Object[] calls = {
            Map.of("methodName", "getLastTimestamp", "params", new Object[0]),
            Map.of("methodName", "getTraps", "params", new Object[] {0}),
            Map.of("methodName", "waitTraps", "params", new Object[] {0, 10}),
            Map.of("methodName", "getTraps", "params", new Object[] {"not an int"}),
            Map.of("methodName", "noSuchMethod", "params", new Object[0]),
            Map.of("methodName", "system.multicall", "params", new Object[] {new Object[0]}),
            "not a struct",
        };
        Object[] results = (Object[]) RpcTestSupport.call(mapping, "system.multicall", (Object) calls);
        assertEquals(calls.length, results.length);
        assertEquals((int) NOW, ((Object[]) results[0])[0]);
        Object[] traps = (Object[]) ((Object[]) results[1])[0];
        assertEquals(1, ((List<?>) traps[0]).size());
        assertFault(results[2], FaultCodes.INVALID_REQUEST, "waitTraps");
        assertFault(results[3], FaultCodes.INVALID_PARAMS, "getTraps expects (int time)");
        assertFault(results[4], FaultCodes.METHOD_NOT_FOUND, "noSuchMethod");
        assertFault(results[5], FaultCodes.INVALID_REQUEST, "system.multicall");
        assertFault(results[6], FaultCodes.INVALID_REQUEST, "methodName");
    }

    private static void assertFault(Object result, int code, String inMessage) {
        Map<?, ?> fault = assertInstanceOf(Map.class, result);
        assertEquals(code, fault.get("faultCode"), fault.toString());
        assertTrue(((String) fault.get("faultString")).contains(inMessage), fault.toString());
    }

    @Test
    void capabilitiesNameTheThreeExtensionsWithTheirSpecifications() throws Exception {
        CollectorHandlerMapping mapping = RpcTestSupport.mapping(rpc);
        Map<?, ?> capabilities = assertInstanceOf(Map.class, RpcTestSupport.call(mapping, "system.getCapabilities"));
        assertEquals(List.of("faults_interop", "introspection", "multicall"),
                capabilities.keySet().stream().map(String::valueOf).sorted().toList());
        Map<?, ?> faults = (Map<?, ?>) capabilities.get("faults_interop");
        assertEquals("http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", faults.get("specUrl"));
        assertEquals(20010516, faults.get("specVersion"));
        assertEquals(1, ((Map<?, ?>) capabilities.get("multicall")).get("specVersion"));
        assertTrue(((String) RpcTestSupport.call(mapping, "system.methodHelp", "system.multicall")).contains("fault"));
    }
}
