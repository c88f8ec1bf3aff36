package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.outage.Outage;

/** The status light of a filesystem, the pair's merged view, a collector's storm notice, and the outages' JSON. */
class DashboardTest {
    private static final List<String> PAIR = List.of("http://mds1/", "http://mds2/");
    private final TrapLogTest.MovableClock clock = new TrapLogTest.MovableClock(Instant.parse("2026-11-27T06:00:00Z"));
    private final CollectorBoard board = new CollectorBoard(PAIR, 0);
    private final LustreView lustre = new LustreView(PAIR, board);
    private final OutageView outages = new OutageView();
    private final Dashboard dashboard = new Dashboard(new TrapLog(100, clock), board, lustre, outages, clock);

    private static FileSystemView fs(String collector, String states, String health) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < states.length(); i++) {
            names.add("lustre-OST000" + i);
        }
        return new FileSystemView("lustre", collector, names, states, health, 100, 50, 50, 10, 5, 0);
    }

    @Test
    void theLightIsRedForATargetDownAnUnhealthyServerOrARecentFatalTrapYellowForCriticalOrLowSpace() {
        assertEquals("green", dashboard.light(fs(PAIR.get(0), "RRD", "healthy")).colour(), "deactivated is no failure");
        assertEquals("red", dashboard.light(fs(PAIR.get(0), "RNR", "healthy")).colour());
        assertEquals(List.of("1 target not responding"), dashboard.light(fs(PAIR.get(0), "RNR", "")).reasons());
        assertEquals("red", dashboard.light(fs(PAIR.get(0), "RRR", "LBUG")).colour());
        assertEquals("yellow", dashboard.light(fs(PAIR.get(0), "RLR", "healthy")).colour());
        dashboard.trap("c", 1, 2, "lustre", "lustre-OST0001", "lost", PAIR.get(0));
        assertEquals("yellow", dashboard.light(fs(PAIR.get(0), "RRR", "healthy")).colour());
        dashboard.trap("f", 1, 3, "lustre", "lustre-MDT0000", "LBUG", PAIR.get(0));
        assertEquals("red", dashboard.light(fs(PAIR.get(0), "RRR", "healthy")).colour());
        clock.advance(Duration.ofSeconds(Dashboard.RECENT_SECONDS + 1));
        assertEquals("green", dashboard.light(fs(PAIR.get(0), "RRR", "healthy")).colour(), "15 minutes later");
    }

    @Test
    void aFileSystemComesFromTheFirstCollectorOfThePairThatIsNotDown() {
        lustre.update(PAIR.get(0), List.of(fs(PAIR.get(0), "RNR", "healthy")), 10);
        lustre.update(PAIR.get(1), List.of(fs(PAIR.get(1), "RRR", "healthy")), 10);
        long version = lustre.version();
        assertEquals(PAIR.get(0), lustre.merged().get(0).collector());
        board.down(PAIR.get(0), 20, "connection refused");
        assertEquals(PAIR.get(1), lustre.merged().get(0).collector());
        assertEquals(version + 1, lustre.version(), "what the page shows changed");
        lustre.failed(PAIR.get(1));
        assertEquals(PAIR.get(0), lustre.merged().get(0).collector(), "the last word of a collector away beats nothing");
        assertEquals("lustre-OST0001", lustre.merged().get(0).targets().get(1));
        assertEquals(PAIR.get(0), lustre.collectorOf("lustre-OST0001"));
    }

    @Test
    void theStatusAndApiOutagesCarryThePairsOutagesMergedActiveFirst() throws Exception {
        outages.update(PAIR.get(0), List.of(
                new Outage("server", "10.0.3.17@o2ib", 8, 1, List.of("lustre"), 100, false, 400,
                        List.of("lustre-OST0010"), List.of(PAIR.get(0))),
                new Outage("network", "o2ib1", 4_211, 530, List.of("fs1", "fs2"), 500, true, -1,
                        List.of("fs1-OST0010", "fs1-OST0011"), List.of(PAIR.get(0)))));
        outages.update(PAIR.get(1), List.of(new Outage("network", "o2ib1", 4_000, 512, List.of("fs1"), 501, true,
                -1, List.of("fs1-OST0011"), List.of(PAIR.get(1)))));
        JsonNode status = json(dashboard::writeStatus);
        assertEquals(2, status.path("outagesTotal").asInt());
        JsonNode network = status.path("outages").get(0);
        assertEquals("network", network.path("kind").asText());
        assertEquals("o2ib1", network.path("key").asText());
        assertEquals(4_211, network.path("targets").asInt());
        assertEquals(530, network.path("servers").asInt());
        assertEquals("[\"fs1\",\"fs2\"]", network.path("filesystems").toString());
        assertEquals(500, network.path("since").asLong());
        assertTrue(network.path("active").asBoolean());
        assertEquals(-1, network.path("ended").asLong());
        assertEquals("[\"fs1-OST0010\",\"fs1-OST0011\"]", network.path("examples").toString());
        assertEquals(2, network.path("collectors").size());
        JsonNode server = status.path("outages").get(1);
        assertEquals("10.0.3.17@o2ib", server.path("key").asText());
        assertFalse(server.path("active").asBoolean());
        assertEquals(400, server.path("ended").asLong());
        assertEquals(status.path("outages"), json(dashboard::writeOutages).path("outages"), "/api/outages");
    }

    @Test
    void theStatusListsTheFirstOutagesAndCountsAll() throws Exception {
        List<Outage> many = new java.util.ArrayList<>();
        for (int i = 0; i < Dashboard.OUTAGES_IN_STATUS + 7; i++) {
            many.add(new Outage("server", "10.0.0." + i + "@tcp", 2, 1, List.of("lustre"), i, true, -1,
                    List.of("lustre-OST0000"), List.of(PAIR.get(0))));
        }
        outages.update(PAIR.get(0), many);
        JsonNode status = json(dashboard::writeStatus);
        assertEquals(Dashboard.OUTAGES_IN_STATUS + 7, status.path("outagesTotal").asInt());
        assertEquals(Dashboard.OUTAGES_IN_STATUS, status.path("outages").size());
        assertEquals("10.0.0.0@tcp", status.path("outages").get(0).path("key").asText(), "the oldest active first");
        assertEquals(Dashboard.OUTAGES_IN_STATUS + 7, json(dashboard::writeOutages).path("outages").size());
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static JsonNode json(Body body) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(out)) {
            body.write(g);
        }
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void aCollectorsStormsAreOneNoticeWithTheLatestCountsAndTheTotal() {
        board.answered(PAIR.get(0), 5);
        board.dropped(PAIR.get(0), 9_755, Map.of("CRITICAL", 9_700L, "WARNING", 55L), Map.of("lustre", 9_755L), 30);
        board.dropped(PAIR.get(0), 100, Map.of("CRITICAL", 100L), Map.of("scratch", 100L), 90);
        CollectorBoard.Row row = board.rows().get(0);
        assertEquals("up", row.state());
        assertEquals(5, row.since());
        assertEquals(9_855, row.droppedTotal());
        assertEquals(100, row.lastDrop());
        assertEquals(90, row.lastDropTime());
        assertEquals(Map.of("CRITICAL", 100L), row.lastDropByCategory());
        assertEquals("waiting", board.rows().get(1).state(), "not heard from yet");
        board.down(PAIR.get(1), 40, "connection refused");
        board.down(PAIR.get(1), 45, "no answer in time");
        assertEquals(40, board.rows().get(1).since(), "down since the first failure");
        board.up(PAIR.get(1), 60);
        assertEquals("up", board.rows().get(1).state());
        assertEquals(60, board.rows().get(1).since());
    }
}
