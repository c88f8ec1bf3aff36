package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.web.StatePoller;

/**
 * --web against stub collectors over real HTTP: the JSON endpoints, the security headers, GET only, a trap
 * arriving on the event stream, and the outages of a pair. The page itself is tested in a browser
 * (it/WebDashboardIT).
 */
class WebViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Object[] row(String id, int time, int category, String fs, String node, String message) {
        return new Object[] {message, category, node, fs, id, time};
    }

    private static StubCollector collector(List<Object[]> traps) throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("nodes", 3);
        info.put("notResponding", new Object[] {"lustre-OST0001"});
        info.put("deactivated", new Object[0]);
        info.put("kbytestotal", 4.0 * 1024 * 1024 * 1024);
        info.put("kbytesavail", 1.0 * 1024 * 1024 * 1024);
        info.put("kbytesfree", 1.0 * 1024 * 1024 * 1024);
        info.put("filestotal", 1000.0);
        info.put("filesfree", 400.0);
        info.put("health", "healthy");
        info.put("traps", 2.0);
        Map<String, Object> node = Map.of("name", "lustre-OST0000", "kbytestotal", 100.0, "kbytesavail", 50.0,
                "state", "FULL");
        Map<String, Object> status = Map.of("dropped", 0.0, "droppedByCategory", Map.of(),
                "droppedByFileSystem", Map.of(), "maxtraps", 250);
        AtomicInteger stamp = new AtomicInteger(1);
        return new StubCollector()
                .method("getTraps", r -> new Object[] {traps.toArray(), stamp.incrementAndGet()})
                .method("getStatus", r -> status)
                .method("getFileSystems", r -> new Object[] {"lustre"})
                .method("getFileSystemInfo", r -> info)
                .method("getNodesNames", r -> new Object[] {"lustre-MDT0000", "lustre-OST0000", "lustre-OST0001"})
                .method("getNodeInfo", r -> node);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheStatusTheFileSystemsAndTheTrapsAsJsonWithSafeHeaders() throws Exception {
        List<Object[]> traps = new CopyOnWriteArrayList<>();
        traps.add(row("t-1", 100, 2, "lustre", "lustre-OST0001", "<img src=x onerror=alert(1)>"));
        int port = freePort();
        try (StubCollector stub = collector(traps)) {
            MonitorRun run = MonitorRun.start(Map.of(), "--interval", "1", "--web", "127.0.0.1:" + port, stub.url("/"));
            String base = "http://127.0.0.1:" + port;
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        JSON.readTree(get(base + "/api/filesystems").body()).path("filesystems").size() == 1);
                JsonNode fs = JSON.readTree(get(base + "/api/filesystems").body()).path("filesystems").get(0);
                assertEquals("lustre", fs.path("name").asText());
                assertEquals("red", fs.path("light").asText(), "a target not responding: " + fs);
                assertEquals("RNR".length(), fs.path("states").asText().length());
                assertEquals('N', fs.path("states").asText().charAt(2), fs.toString());
                assertEquals(1, fs.path("notResponding").asInt());

                Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        JSON.readTree(get(base + "/api/traps?since=0").body()).path("traps").size() == 1);
                JsonNode trap = JSON.readTree(get(base + "/api/traps?since=0").body()).path("traps").get(0);
                assertEquals("<img src=x onerror=alert(1)>", trap.path("message").asText());
                assertEquals("CRITICAL", trap.path("severity").asText());
                long next = JSON.readTree(get(base + "/api/traps?since=0").body()).path("next").asLong();
                assertEquals(0, JSON.readTree(get(base + "/api/traps?since=" + next).body()).path("traps").size());

                JsonNode status = JSON.readTree(get(base + "/api/status").body());
                assertEquals("up", status.path("collectors").get(0).path("state").asText(), status.toString());
                assertEquals(360, status.path("trapsPerMinute").path("CRITICAL").size());
                assertEquals(0, status.path("outages").size(), "a collector without introspection has no outages");
                assertEquals(0, JSON.readTree(get(base + "/api/outages").body()).path("outages").size());

                HttpResponse<String> page = get(base + "/");
                assertEquals(200, page.statusCode());
                String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
                assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
                assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"), page.body());
                assertEquals(200, get(base + "/app.js").statusCode());
                assertEquals(404, get(base + "/../pom.xml").statusCode() == 400 ? 404
                        : get(base + "/nosuch.js").statusCode());
                assertEquals(400, get(base + "/api/traps?since=x").statusCode());

                HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(405, post.statusCode());

                // the event stream: a status first, then a new trap
                HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/events")).header("Last-Event-ID", String.valueOf(next - 1)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals("text/event-stream;charset=UTF-8", events.headers().firstValue("Content-Type").orElse(""));
                traps.add(row("t-2", 101, 3, "lustre", "lustre-MDT0000", "LBUG"));
                try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                    List<String> seen = new CopyOnWriteArrayList<>();
                    Thread reader = new Thread(() -> {
                        try {
                            for (String line; (line = in.readLine()) != null; ) {
                                seen.add(line);
                            }
                        } catch (java.io.IOException e) {
                            // the stream is closed at the end of the test
                        }
                    });
                    reader.setDaemon(true);
                    reader.start();
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                            seen.stream().anyMatch(l -> l.startsWith("data: ") && l.contains("\"t-2\"")));
                    assertTrue(seen.contains("event: status"), seen.toString());
                    assertEquals(0, seen.stream().filter(l -> l.contains("\"t-1\"")).count(),
                            "a client that resumes gets only what it missed: " + seen);
                    events.body().close();
                }
            } finally {
                run.stop();
            }
            assertTrue(run.lines().stream().anyMatch(l -> l.contains("<img src=x")), "the terminal output too");
        }
    }

    private static Map<String, Object> outage(String kind, String key, int targets, int servers, int since,
            boolean active, int ended, Object... examples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("key", key);
        m.put("targets", targets);
        m.put("servers", servers);
        m.put("filesystems", new Object[] {"lustre"});
        m.put("since", since);
        m.put("active", active);
        m.put("ended", ended);
        m.put("examples", examples);
        return m;
    }

    @Test
    void theOutagesOfAPairAreAskedForAndShownOnceABadRowLeftOut() throws Exception {
        List<Object> outagesA = new CopyOnWriteArrayList<>(List.of(
                outage("server", "10.0.3.17@o2ib", 8, 1, 1_000, true, -1, "lustre-OST0010", "lustre-OST0011")));
        List<Object> outagesB = new CopyOnWriteArrayList<>(List.of(
                outage("server", "10.0.3.17@o2ib", 7, 1, 1_001, true, -1, "lustre-OST0011"),
                outage("server", "10.0.3.18@o2ib", 0, 1, 1_001, true, -1, "lustre-OST0020")));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(StatePoller.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
                // kept in memory
            }

            @Override
            public void close() {
                // kept in memory
            }
        };
        log.addHandler(handler);
        int port = freePort();
        try (StubCollector a = collector(List.of()); StubCollector b = collector(List.of())) {
            for (StubCollector c : List.of(a, b)) {
                c.method("system.listMethods", r -> new Object[] {"getTraps", "getStatus", "getOutages"});
            }
            a.method("getOutages", r -> outagesA.toArray());
            b.method("getOutages", r -> outagesB.toArray());
            MonitorRun run = MonitorRun.start(Map.of(), "--interval", "1", "--web", "127.0.0.1:" + port, a.url("/"),
                    b.url("/"));
            String base = "http://127.0.0.1:" + port;
            try {
                Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        JSON.readTree(get(base + "/api/outages").body()).path("outages").path(0).path("collectors")
                                .size() == 2);
                JsonNode outages = JSON.readTree(get(base + "/api/outages").body()).path("outages");
                assertEquals(1, outages.size(), "one outage of the pair; the row of 0 targets left out: " + outages);
                JsonNode o = outages.get(0);
                assertEquals("server", o.path("kind").asText());
                assertEquals("10.0.3.17@o2ib", o.path("key").asText());
                assertEquals(8, o.path("targets").asInt(), "the larger count");
                assertEquals(1_000, o.path("since").asLong());
                assertEquals("[\"lustre-OST0010\",\"lustre-OST0011\"]", o.path("examples").toString());
                assertTrue(o.path("active").asBoolean());

                // the OSS is back for both MDSs: the outage ends, and stays listed
                outagesA.set(0, outage("server", "10.0.3.17@o2ib", 8, 1, 1_000, false, 1_300, "lustre-OST0010"));
                outagesB.set(0, outage("server", "10.0.3.17@o2ib", 7, 1, 1_001, false, 1_302, "lustre-OST0011"));
                Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        !JSON.readTree(get(base + "/api/status").body()).path("outages").path(0).path("active")
                                .asBoolean(true));
                JsonNode ended = JSON.readTree(get(base + "/api/status").body()).path("outages").get(0);
                assertEquals(1_302, ended.path("ended").asLong(), ended.toString());
                assertEquals(1, JSON.readTree(get(base + "/api/status").body()).path("outagesTotal").asInt());
                assertTrue(warnings.stream().anyMatch(w -> w.contains(b.url("/")) && w.contains("10.0.3.18@o2ib")
                        && w.contains("inconsistent")), "the bad row is logged: " + warnings);
            } finally {
                run.stop();
                log.removeHandler(handler);
            }
        }
    }

    @Test
    void aBadAddressIsABadOption() {
        MonitorRun run = MonitorRun.once(Map.of(), "--web", "localhost:http", "http://127.0.0.1:1/");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("the port must be a number"), run.err());
        MonitorRun once = MonitorRun.once(Map.of(), "--once", "--web", "0", "http://127.0.0.1:1/");
        assertEquals(2, once.status());
        assertTrue(once.err().contains("not with --once"), once.err());
        MonitorRun status = MonitorRun.once(Map.of(), "--status", "--web", "0", "http://127.0.0.1:1/");
        assertEquals(2, status.status());
        assertTrue(status.err().contains("not with --status"), status.err());
    }
}
