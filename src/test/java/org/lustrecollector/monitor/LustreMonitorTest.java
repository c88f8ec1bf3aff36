package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool through its command line against stub collectors on loopback: for what a running collector
 * cannot show here (a hung collector, 200 collectors, --status methods of a later collector version).
 * Behaviour against real collectors is in org.lustrecollector.it.MonitorIT.
 */
class LustreMonitorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Object[] row(String id, int time, int category, String fs, String node, String message) {
        return new Object[] {message, category, node, fs, id, time};
    }

    private static Map<String, Object> status(double dropped) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("dropped", dropped);
        s.put("droppedByCategory", Map.of("CRITICAL", dropped));
        s.put("droppedByFileSystem", Map.of("lustre", dropped));
        s.put("maxtraps", 250);
        return s;
    }

    /** A stub that serves {@code rows} for any time, with timestamp 1000 and nothing dropped. */
    private static StubCollector serving(Object[]... rows) throws Exception {
        return new StubCollector().method("getTraps", r -> new Object[] {rows, 1000})
                .method("getStatus", r -> status(0));
    }

    @Test
    void jsonHasOneObjectPerTrapWithTheDocumentedMembers() throws Exception {
        try (StubCollector stub = serving(row("t-1", 1795760000, 3, "lustre", "lustre-MDT0000", "LBUG \"x\"\u00e9"))) {
            MonitorRun run = MonitorRun.once(Map.of(), "--once", "--json", stub.url("/"));
            assertEquals(0, run.status(), run.err());
            assertEquals(1, run.lines().size(), run.lines().toString());
            JsonNode trap = JSON.readTree(run.lines().get(0));
            assertEquals("trap", trap.get("type").asText());
            assertEquals("t-1", trap.get("id").asText());
            assertEquals(1795760000L, trap.get("time").asLong());
            assertEquals(3, trap.get("category").asInt());
            assertEquals("FATAL", trap.get("severity").asText());
            assertEquals("lustre", trap.get("fs").asText());
            assertEquals("lustre-MDT0000", trap.get("node").asText());
            assertEquals("LBUG \"x\"\u00e9", trap.get("message").asText());
            assertEquals(stub.url("/"), trap.get("collector").asText());
        }
    }

    @Test
    void credentialsComeFromTheEnvironmentOrAFileAndGoOutAsBasicAuthentication() throws Exception {
        List<String> seen = new ArrayList<>();
        try (StubCollector stub = new StubCollector().method("getStatus", r -> status(0)).method("getTraps", r -> {
            XmlRpcHttpRequestConfig config = (XmlRpcHttpRequestConfig) r.getConfig();
            synchronized (seen) {
                seen.add(config.getBasicUserName() + ":" + config.getBasicPassword());
            }
            return new Object[] {new Object[0], 1000};
        })) {
            assertEquals(0, MonitorRun.once(Map.of(BasicAuth.PASSWORD_VARIABLE, "s3cret"), "--once",
                    stub.url("/").replace("http://", "http://ops@")).status());
            Path file = dir.resolve("password");
            Files.writeString(file, "fromfile\n");
            assertEquals(0, MonitorRun.once(Map.of(), "--once", "--user", "admin", "--password-file", file.toString(),
                    stub.url("/")).status());
        }
        assertEquals(List.of("ops:s3cret", "admin:fromfile"), seen);
    }

    @Test
    void aHungCollectorDelaysNoOtherAndIsNotPolledAgainUntilItAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hungCalls = new AtomicInteger();
        AtomicInteger fastCalls = new AtomicInteger();
        try (StubCollector fast = new StubCollector().method("getStatus", r -> status(0)).method("getTraps", r -> {
                fastCalls.incrementAndGet();
                return new Object[] {new Object[] {row("fast-1", 100, 1, "lustre", "n1", "from the fast one")}, 1000};
            });
             StubCollector hung = new StubCollector().method("getStatus", r -> status(0)).method("getTraps", r -> {
                 hungCalls.incrementAndGet();
                 await(release);
                 return new Object[] {new Object[] {row("hung-1", 101, 2, "lustre", "n2", "from the hung one")}, 1000};
             })) {
            MonitorRun run = MonitorRun.start(Map.of(), "--interval", "1", "--timeout", "60", hung.url("/"), fast.url("/"));
            try {
                run.awaitLine("the fast collector's trap", PATIENCE, l -> l.contains("from the fast one"));
                awaitCount(fastCalls, 3);
                assertEquals(1, hungCalls.get(), "the hung collector is not polled again while its call runs");
                assertEquals(0, run.count(l -> l.contains("DOWN")), "within its timeout it is not down");
                release.countDown();
                run.awaitLine("the hung collector's trap once it answers", PATIENCE, l -> l.contains("from the hung one"));
            } finally {
                release.countDown();
                assertEquals(0, run.stop());
            }
            assertEquals(1, run.count(l -> l.contains("from the fast one")), "repeats by id are dropped");
        }
    }

    @Test
    void twoHundredCollectorsArePolledWithAtMostSixteenCallsAtOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (StubCollector stub = new StubCollector().method("getStatus", r -> status(0)).method("getTraps", r -> {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            int n = calls.incrementAndGet();
            running.decrementAndGet();
            return new Object[] {new Object[] {row("id-" + n, 100 + n, 0, "lustre", "n", "trap " + n)}, 1000};
        })) {
            List<String> args = new ArrayList<>(List.of("--once"));
            for (int i = 0; i < 200; i++) {
                args.add(stub.url("/collector" + i));
            }
            MonitorRun run = MonitorRun.once(Map.of(), args.toArray(String[]::new));
            assertEquals(0, run.status(), run.err());
            assertEquals(200, calls.get());
            assertEquals(200, run.lines().size());
            assertTrue(mostAtOnce.get() <= Poller.MAX_THREADS, "at most " + Poller.MAX_THREADS + " calls at once: "
                    + mostAtOnce.get());
        }
    }

    @Test
    void onceSaysWhichCollectorDidNotAnswerAndExitsWithOne() throws Exception {
        String dead = "http://127.0.0.1:" + freePort() + "/";
        try (StubCollector stub = serving(row("t-1", 100, 2, "lustre", "n", "still shown"))) {
            MonitorRun run = MonitorRun.once(Map.of(), "--once", stub.url("/"), dead);
            assertEquals(1, run.status());
            assertEquals(1, run.count(l -> l.contains("still shown")));
            assertEquals(1, run.count(l -> l.contains("DOWN") && l.contains(dead) && l.contains("connection refused")),
                    run.lines().toString());
            assertEquals(0, run.count(l -> l.contains("trying again")), "--once does not try again");
        }
    }

    @Test
    void filtersKeepOnlyTheChosenFilesystemsAndSeverities() throws Exception {
        try (StubCollector stub = serving(row("1", 100, 0, "lustre", "n", "info lustre"),
                row("2", 101, 2, "lustre", "n", "critical lustre"), row("3", 102, 3, "scratch", "n", "fatal scratch"),
                row("4", 103, 3, "home", "n", "fatal home"))) {
            MonitorRun run = MonitorRun.once(Map.of(), "--once", "--fs", "lustre,home", "--min-category", "critical",
                    stub.url("/"));
            assertEquals(2, run.lines().size(), run.lines().toString());
            assertTrue(run.lines().get(0).contains("critical lustre"));
            assertTrue(run.lines().get(1).contains("fatal home"));
        }
    }

    @Test
    void statusSummarisesEachFilesystemAndNamesCollectorsWithoutTheMethods() throws Exception {
        Map<String, Object> lustre = new LinkedHashMap<>();
        lustre.put("nodes", 12);
        lustre.put("responding", 10);
        lustre.put("notResponding", new Object[] {"lustre-OST0003", "lustre-OST0007"});
        lustre.put("traps", 4711.0);
        lustre.put("kbytesFree", 1024.0);
        Map<String, Object> scratch = Map.of("nodes", 3, "responding", 3, "notResponding", new Object[0], "traps", 0.0);
        try (StubCollector current = new StubCollector()
                    .method("getFileSystems", r -> new Object[] {"scratch", "lustre"})
                    .method("getFileSystemInfo", r -> switch ((String) r.getParameter(0)) {
                        case "lustre" -> lustre;
                        case "scratch" -> scratch;
                        default -> throw new XmlRpcException(-32000, "unknown filesystem");
                    });
             StubCollector older = serving()) {
            MonitorRun text = MonitorRun.once(Map.of(), "--status", current.url("/"), older.url("/"));
            assertEquals(0, text.status(), text.err());
            String columns = "%-10s  %-" + current.url("/").length() + "s  %5s  %10s %1s  %11s %1s  %-6s  %5s  %s";
            assertEquals(List.of(
                    "-        " + older.url("/") + ": this collector does not offer getFileSystems/getFileSystemInfo "
                            + "(an older version): no filesystem summary",
                    String.format(columns, "FILESYSTEM", "COLLECTOR", "NODES", "SPACE USED", "", "INODES USED", "",
                            "HEALTH", "TRAPS", "NOT RESPONDING"),
                    String.format(columns, "lustre", current.url("/"), "12", "-", "-", "-", "-", "-", "4711",
                            "2 not responding (lustre-OST0003 lustre-OST0007)"),
                    String.format(columns, "scratch", current.url("/"), "3", "-", "-", "-", "-", "-", "0",
                            "0 not responding")), text.lines());

            MonitorRun json = MonitorRun.once(Map.of(), "--status", "--json", "--fs", "lustre", current.url("/"));
            assertEquals(1, json.lines().size(), json.lines().toString());
            JsonNode fs = JSON.readTree(json.lines().get(0));
            assertEquals("filesystem", fs.get("type").asText());
            assertEquals("lustre", fs.get("fs").asText());
            assertEquals(12, fs.get("nodes").asInt());
            assertEquals(4711, fs.get("traps").asLong());
            assertEquals("lustre-OST0007", fs.get("notResponding").get(1).asText());
            assertEquals(current.url("/"), fs.get("collector").asText());

            MonitorRun unreachable = MonitorRun.once(Map.of(), "--status", "http://127.0.0.1:" + freePort() + "/");
            assertEquals(1, unreachable.status());
            assertTrue(unreachable.lines().get(0).contains("does not answer: connection refused"), unreachable.lines().toString());
        }
    }

    @Test
    void aBadOptionIsOneLineAndStatusTwo() {
        MonitorRun run = MonitorRun.once(Map.of(), "--interval", "0", "http://127.0.0.1:1/");
        assertEquals(2, run.status());
        assertEquals("lustre-monitor: --interval must be at least 1 second (see lustre-monitor --help)\n", run.err());
        MonitorRun password = MonitorRun.once(Map.of(), "http://ops:secret@127.0.0.1:1/");
        assertEquals(2, password.status());
        assertFalse(password.err().contains("secret"), password.err());
        assertEquals(2, MonitorRun.once(Map.of(), "--once").status(), "a URL is required");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCount(AtomicInteger counter, int atLeast) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (counter.get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "counter reached " + atLeast + ": " + counter.get());
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
