package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class AlertOutboxTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000);

    private static Alert alert(String node, String summary) {
        return new Alert(new TreeMap<>(Map.of("alertname", "LustreTargetDown", "node", node)),
                new TreeMap<>(Map.of("summary", summary)), T0, Instant.MAX);
    }

    @Test
    void oneBoundedBatchPerSendAndTheNewestVersionOfAnAlertWins() {
        AlertOutbox box = new AlertOutbox(1000, 2, Duration.ofMinutes(1));
        box.offer(alert("a", "1"));
        box.offer(alert("b", "1"));
        box.offer(alert("a", "2"));
        box.offer(alert("c", "1"));
        List<List<Alert>> posts = new ArrayList<>();
        assertNull(box.send(posts::add, T0));
        assertEquals(1, posts.size());
        assertEquals(2, posts.get(0).size());
        assertEquals("b", posts.get(0).get(0).labels().get("node"));
        assertEquals("2", posts.get(0).get(1).annotations().get("summary"));
        assertNull(box.send(posts::add, T0.plusSeconds(1)));
        assertEquals(List.of("c"), posts.get(1).stream().map(a -> a.labels().get("node")).toList());
        assertEquals(new AlertOutbox.Counts(3, 0, 0, 0), box.counts());
    }

    @Test
    void aDownAlertmanagerIsRetriedWithBackOffAndNothingIsLost() {
        AlertOutbox box = new AlertOutbox(1000, 10, Duration.ofSeconds(4));
        box.offer(alert("a", "1"));
        AlertOutbox.Sender down = batch -> {
            throw new IOException("Connection refused");
        };
        assertNotNull(box.send(down, T0));
        assertNull(box.send(down, T0.plusMillis(500)), "backing off: no try");
        assertNotNull(box.send(down, T0.plusSeconds(1)));
        assertNull(box.send(down, T0.plusSeconds(2)), "2 s back-off now");
        assertNotNull(box.send(down, T0.plusSeconds(3)));
        assertNotNull(box.send(down, T0.plusSeconds(7)));
        assertNotNull(box.send(down, T0.plusSeconds(11)), "capped at 4 s");
        assertEquals(5, box.counts().failed());
        List<List<Alert>> posts = new ArrayList<>();
        assertNull(box.send(posts::add, T0.plusSeconds(15)));
        assertEquals(1, posts.size());
        assertEquals(new AlertOutbox.Counts(1, 5, 0, 0), box.counts());
        assertEquals(false, box.backingOff());
    }

    @Test
    void aFullOutboxDiscardsTheOldestAndCountsIt() {
        AlertOutbox box = new AlertOutbox(3, 10, Duration.ofSeconds(4));
        for (int i = 0; i < 5; i++) {
            box.offer(alert("n" + i, "x"));
        }
        assertEquals(new AlertOutbox.Counts(0, 0, 2, 3), box.counts());
        List<List<Alert>> posts = new ArrayList<>();
        box.send(posts::add, T0);
        assertEquals(List.of("n2", "n3", "n4"), posts.get(0).stream().map(a -> a.labels().get("node")).toList());
    }
}
