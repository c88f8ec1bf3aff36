package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.outage.Outage;

/**
 * --status's outages: the text and JSON forms at a fixed time, and the whole tool against stub collectors
 * that answer getOutages as a collector does ({@link OutageAnswers}): both MDSs' reports of one outage
 * shown once with the larger counts, active ones first, older collectors without getOutages quietly none.
 */
class OutageStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-27T06:13:20Z");
    private static final long T = NOW.getEpochSecond();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static final Outage SERVER = new Outage("server", "10.0.0.7@o2ib1", 8, 1, List.of("lustre"), T - 192,
            true, -1, List.of("lustre-OST0010", "lustre-OST0011", "lustre-OST0012", "lustre-OST0013",
                    "lustre-OST0014"), List.of("http://mds1/", "http://mds2/"));
    private static final Outage NETWORK = new Outage("network", "o2ib2", 4211, 530, List.of("lustre", "scratch"),
            T - 2700, false, T - 2575, List.of("scratch-OST0001"), List.of("http://mds1/"));

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textIsATableActiveFirstWithHowLongAgo() {
        new TextOutput(stream, false, ZoneOffset.UTC).outages(List.of(SERVER, NETWORK), NOW);
        assertEquals("""
                OUTAGE  KIND     KEY             TARGETS  SERVERS  FILESYSTEMS     SINCE       ENDED        EXAMPLES
                active  server   10.0.0.7@o2ib1        8        1  lustre          3m 12s ago  -            \
                lustre-OST0010 lustre-OST0011 lustre-OST0012 lustre-OST0013 lustre-OST0014 ...
                ended   network  o2ib2              4211      530  lustre,scratch  45m 0s ago  42m 55s ago  \
                scratch-OST0001 ...
                """, text());
    }

    @Test
    void noneIsSaidInOneLine() {
        new TextOutput(stream, false, ZoneOffset.UTC).outages(List.of(), NOW);
        assertEquals("No outages in the last hour.\n", text());
    }

    @Test
    void jsonIsOneOutageObjectALineWithItsCollectors() throws Exception {
        new JsonOutput(stream).outages(List.of(SERVER, NETWORK), NOW);
        List<String> lines = text().lines().toList();
        assertEquals(2, lines.size());
        JsonNode server = JSON.readTree(lines.get(0));
        assertEquals("outage", server.get("type").asText());
        assertEquals("server", server.get("kind").asText());
        assertEquals("10.0.0.7@o2ib1", server.get("key").asText());
        assertEquals(8, server.get("targets").asInt());
        assertEquals(1, server.get("servers").asInt());
        assertEquals("lustre", server.get("filesystems").get(0).asText());
        assertEquals(T - 192, server.get("since").asLong());
        assertTrue(server.get("active").asBoolean());
        assertEquals(-1, server.get("ended").asLong());
        assertEquals(5, server.get("examples").size());
        assertEquals("http://mds2/", server.get("collectors").get(1).asText());
        JsonNode network = JSON.readTree(lines.get(1));
        assertEquals(T - 2575, network.get("ended").asLong());
        assertEquals(530, network.get("servers").asInt());
    }

    private static StubCollector collector(Object... outages) throws Exception {
        return new StubCollector().method("system.listMethods", r -> OutageAnswers.listMethods())
                .method("getFileSystems", r -> new Object[0])
                .method("getOutages", r -> outages);
    }

    private static List<String> outageRows(MonitorRun run) {
        return run.lines().stream().filter(l -> l.startsWith("active ") || l.startsWith("ended ")).toList();
    }

    @Test
    void theToolShowsAnOutageOfBothMdssOnceWithTheLargerCounts() throws Exception {
        int now = (int) (System.currentTimeMillis() / 1000);
        // hours ago: the "2h 0m ago" of the table holds whatever second the run takes
        int since = now - 7200 - 20;
        Map<String, Object> ended = OutageAnswers.row("server", "10.0.0.9@tcp", 2, 1, new String[] {"scratch"},
                since, false, since + 5, "scratch-OST0001", "scratch-OST0002");
        try (StubCollector mds1 = collector(OutageAnswers.serverDown("10.0.0.7@o2ib1", 6, since), ended);
             StubCollector mds2 = collector(OutageAnswers.serverDown("10.0.0.7@o2ib1", 8, since + 1));
             StubCollector older = new StubCollector().method("getFileSystems", r -> new Object[0])) {
            MonitorRun run = MonitorRun.once(Map.of(), "--status", mds1.url("/"), mds2.url("/"), older.url("/"));
            assertEquals(0, run.status(), run.err() + run.lines());
            List<String> rows = outageRows(run);
            assertEquals(2, rows.size(), run.lines().toString());
            assertTrue(rows.get(0).matches("active +server +10\\.0\\.0\\.7@o2ib1 +8 +1 +lustre +2h 0m ago +- +"
                    + "lustre-OST0010 lustre-OST0011 lustre-OST0012 lustre-OST0013 lustre-OST0014 \\.\\.\\."), rows.get(0));
            assertTrue(rows.get(1).matches("ended +server +10\\.0\\.0\\.9@tcp +2 +1 +scratch +2h 0m ago +2h 0m ago +"
                    + "scratch-OST0001 scratch-OST0002"), rows.get(1));
            assertTrue(run.lines().stream().noneMatch(l -> l.contains(older.url("/"))), "an older collector: no error");

            MonitorRun lustreOnly = MonitorRun.once(Map.of(), "--status", "--fs", "lustre", mds1.url("/"));
            assertEquals(List.of("10.0.0.7@o2ib1"), outageRows(lustreOnly).stream()
                    .map(l -> l.split(" +")[2]).toList(), "--fs keeps the outages of its filesystems");

            MonitorRun json = MonitorRun.once(Map.of(), "--status", "--json", mds1.url("/"), mds2.url("/"));
            List<JsonNode> objects = json.lines().stream().map(OutageStatusTest::json).toList();
            assertEquals(2, objects.size(), json.lines().toString());
            assertEquals(8, objects.get(0).get("targets").asInt());
            assertEquals(since, objects.get(0).get("since").asLong());
            assertEquals(2, objects.get(0).get("collectors").size());
        }
    }

    @Test
    void aNetworkOutageOfOneMdsAndTheOtherMdssServerOutagesOnThatNetworkAreOneRow() throws Exception {
        int since = (int) (System.currentTimeMillis() / 1000) - 7200 - 20;
        Map<String, Object> network = OutageAnswers.row("network", "o2ib1", 6, 3, new String[] {"lustre"}, since,
                true, -1, "lustre-OST0010", "lustre-OST0011");
        try (StubCollector mds1 = collector(network);
             StubCollector mds2 = collector(OutageAnswers.serverDown("10.0.1.5@o2ib1", 8, since + 1),
                     OutageAnswers.serverDown("10.0.1.6@o2ib1", 4, since + 1),
                     OutageAnswers.serverDown("10.0.9.1@tcp", 2, since + 2))) {
            MonitorRun run = MonitorRun.once(Map.of(), "--status", mds1.url("/"), mds2.url("/"));
            assertEquals(0, run.status(), run.err() + run.lines());
            List<String> rows = outageRows(run);
            assertEquals(2, rows.size(), run.lines().toString());
            assertTrue(rows.get(0).matches("active +network +o2ib1 +12 +3 +lustre +2h 0m ago +- +"
                    + "lustre-OST0010 lustre-OST0011 lustre-OST0012 lustre-OST0013 lustre-OST0014 \\.\\.\\."),
                    rows.get(0));
            assertTrue(rows.get(1).matches("active +server +10\\.0\\.9\\.1@tcp +2 +1 .*"), rows.get(1));

            MonitorRun json = MonitorRun.once(Map.of(), "--status", "--json", mds1.url("/"), mds2.url("/"));
            List<JsonNode> objects = json.lines().stream().map(OutageStatusTest::json).toList();
            assertEquals(List.of("network o2ib1", "server 10.0.9.1@tcp"), objects.stream()
                    .map(o -> o.get("kind").asText() + " " + o.get("key").asText()).toList(), json.lines().toString());
            assertEquals(List.of(mds1.url("/"), mds2.url("/")), List.of(objects.get(0).get("collectors").get(0).asText(),
                    objects.get(0).get("collectors").get(1).asText()));
        }
    }

    @Test
    void noOutagesIsSaidOnlyWhenACollectorOffersThem() throws Exception {
        try (StubCollector current = collector();
             StubCollector older = new StubCollector().method("getFileSystems", r -> new Object[0])) {
            MonitorRun both = MonitorRun.once(Map.of(), "--status", current.url("/"), older.url("/"));
            assertEquals(0, both.status(), both.err());
            assertEquals(List.of("No outages in the last hour."), both.lines());
            MonitorRun olderOnly = MonitorRun.once(Map.of(), "--status", older.url("/"));
            assertEquals(List.of(), olderOnly.lines());
        }
    }

    @Test
    void aBadAnswerIsNamedAndTheExitStatusIsOne() throws Exception {
        Map<String, Object> broken = OutageAnswers.serverDown("10.0.0.7@o2ib1", 8, 1_800_000_000);
        broken.remove("targets");
        try (StubCollector bad = collector(broken)) {
            MonitorRun run = MonitorRun.once(Map.of(), "--status", bad.url("/"));
            assertEquals(1, run.status());
            assertEquals(List.of("-        " + bad.url("/") + ": outages not read: outage targets should be an int, "
                    + "got nothing (is this a collector?)"), run.lines());
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException(line, e);
        }
    }
}
