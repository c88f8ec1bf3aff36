package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecentCallsTest {
    private final RecentCalls recent = new RecentCalls();

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameBytesGiveTheSameCall() {
        RecentCalls.Call call = new RecentCalls.Call("getTraps", List.of(1_700_000_000));
        recent.put(body("<methodCall>a</methodCall>"), call);
        assertSame(call, recent.get(body("<methodCall>a</methodCall>")));
        assertNull(recent.get(body("<methodCall>b</methodCall>")));
        assertNull(recent.get(body("<methodCall>a</methodCall> ")));
    }

    @Test
    void callsWithArraysOrStructsAreNotKept() {
        recent.put(body("array"), new RecentCalls.Call("m", List.of((Object) new Object[] {1})));
        recent.put(body("struct"), new RecentCalls.Call("m", List.of(Map.of("a", 1))));
        assertNull(recent.get(body("array")));
        assertNull(recent.get(body("struct")));
        recent.put(body("scalars"), new RecentCalls.Call("m", List.of(1, 2L, 3.0, true, "s")));
        assertEquals("m", recent.get(body("scalars")).methodName());
    }

    @Test
    void largeBodiesAreNotKept() {
        byte[] large = new byte[RecentCalls.MAX_BODY_BYTES + 1];
        recent.put(large, new RecentCalls.Call("getStatus", List.of()));
        assertNull(recent.get(large));
        assertEquals(0, recent.size());
    }

    @Test
    void manyDifferentBodiesNeverKeepMoreThanTheCapacity() {
        for (int i = 0; i < RecentCalls.CAPACITY * 3 + 5; i++) {
            recent.put(body("<t>" + i + "</t>"), new RecentCalls.Call("getTraps", List.of(i)));
            assertEquals(i, recent.get(body("<t>" + i + "</t>")).parameters().get(0));
        }
        assertEquals(5, recent.size()); // all forgotten at the 65th, 129th and 193rd body; 193rd to 197th kept
    }
}
