package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.xmlrpc.XmlRpcException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.monitor.MonitorRun;

/**
 * lustre-monitor against real collectors: WAR instances in the managed Tomcat play the two MDS nodes of a
 * pair (mds-a with mds-b; mds-a with mds-c, which the restart test undeploys and deploys again: a collector
 * killed and restarted), and one with a small store takes a storm. Each trap of a test carries a fresh prefix, so the tests share the collectors.
 */
@ExtendWith(ArquillianExtension.class)
class MonitorIT {
    private static final CollectorDeployment A = CollectorDeployment.prepare("mds-a", "");
    private static final CollectorDeployment B = CollectorDeployment.prepare("mds-b", "");
    private static final CollectorDeployment C = CollectorDeployment.prepare("mds-c", "");
    private static final int STORM_MAXTRAPS = 50;
    private static final CollectorDeployment STORM = CollectorDeployment.prepare("storm",
            "maxtraps = " + STORM_MAXTRAPS + "\n");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Deployment(name = "mds-a", testable = false)
    static WebArchive mdsA() {
        return A.war();
    }

    @Deployment(name = "mds-b", testable = false)
    static WebArchive mdsB() {
        return B.war();
    }

    /** The other MDS node of a pair with mds-a, for the restart test, which undeploys and deploys it. */
    @Deployment(name = "mds-c", managed = false, testable = false)
    static WebArchive mdsC() {
        return C.war();
    }

    @Deployment(name = "storm", testable = false)
    static WebArchive storm() {
        return STORM.war();
    }

    @ArquillianResource
    Deployer deployer;

    @TempDir
    Path dir;

    private static String url(CollectorDeployment d) {
        try {
            return TomcatItSupport.contextUrl("/" + d.name).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String prefix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aPairShowsEachTrapOnceTheSameIdOrTheSameTrapWithinTheWindow() throws Exception {
        String p = prefix();
        long t = now();
        String same = TrapFileWriter.line(p + "-same", t, 2, "lustre", "lustre-OST0001", p + " same id on both");
        TrapFileWriter.append(A.trapFile, same
                + TrapFileWriter.line(p + "-a1", t, 2, "lustre", "lustre-OST0002", p + " other ids")
                + TrapFileWriter.line(p + "-a2", t, 1, "lustre", "lustre-OST0003", p + " far apart")
                + TrapFileWriter.line(p + "-a3", t, 1, "lustre", "lustre-OST0004", p + " twice on one")
                + TrapFileWriter.line(p + "-a4", t + 1, 1, "lustre", "lustre-OST0004", p + " twice on one"));
        TrapFileWriter.append(B.trapFile, same
                + TrapFileWriter.line(p + "-b1", t + 2, 2, "lustre", "lustre-OST0002", p + " other ids")
                + TrapFileWriter.line(p + "-b2", t + 60, 1, "lustre", "lustre-OST0003", p + " far apart")
                + TrapFileWriter.line(p + "-b5", t + 3, 3, "scratch", "scratch-MDT0000", p + " only on b"));
        awaitServed(A, Set.of(p + "-same", p + "-a1", p + "-a2", p + "-a3", p + "-a4"));
        awaitServed(B, Set.of(p + "-same", p + "-b1", p + "-b2", p + "-b5"));

        MonitorRun run = MonitorRun.once(Map.of(), "--once", url(A), url(B));
        assertEquals(0, run.status(), run.err());
        List<String> ours = run.lines().stream().filter(l -> l.contains(p)).toList();
        String all = String.join("\n", ours);
        assertEquals(1, count(ours, " same id on both"), all);
        assertEquals(1, count(ours, " other ids"), all);
        assertEquals(2, count(ours, " far apart"), "60 s apart is two events:\n" + all);
        assertEquals(2, count(ours, " twice on one"), "one collector, two ids: two events:\n" + all);
        assertEquals(1, count(ours, " only on b"), all);
        assertEquals(7, ours.size(), all);
        List<String> times = ours.stream().map(l -> l.substring(0, 19)).toList();
        assertEquals(times.stream().sorted().toList(), times, "merged in time order:\n" + all);
    }

    @Test
    void jsonLinesCarryEveryMemberOfTheTrapAndTheCollectorItCameFrom() throws Exception {
        String p = prefix();
        long t = now();
        TrapFileWriter.append(A.trapFile, TrapFileWriter.line(p + "-both", t, 3, "lustre", "lustre-MDT0000",
                "LBUG \"quoted\"\tand tabbed")
                + TrapFileWriter.line(p + "-a", t + 1, 0, "home", "home-OST0001", "Connection restored"));
        TrapFileWriter.append(B.trapFile, TrapFileWriter.line(p + "-both", t, 3, "lustre", "lustre-MDT0000",
                "LBUG \"quoted\"\tand tabbed")
                + TrapFileWriter.line(p + "-b", t + 2, 1, "scratch", "scratch-OST000a", "slow reply"));
        awaitServed(A, Set.of(p + "-both", p + "-a"));
        awaitServed(B, Set.of(p + "-both", p + "-b"));

        MonitorRun run = MonitorRun.once(Map.of(), "--once", "--json", url(A), url(B));
        assertEquals(0, run.status(), run.err());
        List<JsonNode> ours = new ArrayList<>();
        for (String line : run.lines()) {
            JsonNode node = JSON.readTree(line); // every line is one JSON object
            if (node.path("id").asText().startsWith(p)) {
                ours.add(node);
            }
        }
        assertEquals(List.of(
                trap(p + "-both", t, 3, "FATAL", "lustre", "lustre-MDT0000", "LBUG \"quoted\"\tand tabbed", url(A)),
                trap(p + "-a", t + 1, 0, "INFO", "home", "home-OST0001", "Connection restored", url(A)),
                trap(p + "-b", t + 2, 1, "WARNING", "scratch", "scratch-OST000a", "slow reply", url(B))), ours);
    }

    /** Read back from its text, so numbers compare as the parser reads them (an int time as an int). */
    private static JsonNode trap(String id, long time, int category, String severity, String fs, String node,
            String message, String collector) throws IOException {
        ObjectNode expected = JSON.createObjectNode().put("type", "trap").put("id", id).put("time", time).put("category", category)
                .put("severity", severity).put("fs", fs).put("node", node).put("message", message)
                .put("collector", collector);
        return JSON.readTree(expected.toString());
    }

    @Test
    void aCollectorKilledAndRestartedWhileTrapsKeepComingLosesNoTrap() throws Exception {
        deployer.deploy("mds-c");
        boolean deployed = true;
        String p = prefix();
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        MonitorRun run = MonitorRun.start(Map.of(), "--interval", "1", "--timeout", "5", url(A), url(C));
        try {
            // every event goes to mds-c's trap file, every fifth also to mds-a's (seen by both MDS nodes)
            writer.scheduleAtFixedRate(() -> {
                int k = written.get();
                String line = TrapFileWriter.line(p + "-" + k, now(), 1, "lustre", "lustre-OST0001", event(p, k));
                try {
                    TrapFileWriter.append(C.trapFile, line);
                    if (k % 5 == 0) {
                        TrapFileWriter.append(A.trapFile, line);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                written.incrementAndGet();
            }, 0, 200, TimeUnit.MILLISECONDS);
            run.awaitLine("the first event", PATIENCE, l -> l.contains(event(p, 1)));

            deployer.undeploy("mds-c");
            deployed = false;
            run.awaitLine("mds-c said to be down", PATIENCE, l -> l.contains(" DOWN ") && l.contains(url(C)));
            int down = written.get();
            awaitWritten(written, down + 10);
            deployer.deploy("mds-c");
            deployed = true;
            run.awaitLine("mds-c said to be back", PATIENCE, l -> l.contains(" BACK ") && l.contains(url(C)));
            awaitWritten(written, written.get() + 10);
            writer.shutdown();
            assertTrue(writer.awaitTermination(10, TimeUnit.SECONDS));
            int total = written.get();
            run.awaitLine("the last event", PATIENCE, l -> l.contains(event(p, total - 1)));
            assertEquals(0, run.stop());

            List<String> lines = run.lines();
            String all = String.join("\n", lines);
            int backAt = indexOf(lines, l -> l.contains(" BACK ") && l.contains(url(C)));
            for (int k = 0; k < total; k++) {
                String e = event(p, k);
                assertEquals(1, count(lines, e), "event " + k + " shown exactly once:\n" + all);
                if (k > down && k < down + 10 && k % 5 != 0) {
                    int at = indexOf(lines, l -> l.contains(e));
                    assertTrue(at > backAt, "event " + k + ", written while mds-c was down, came after it was back");
                }
            }
        } finally {
            writer.shutdownNow();
            run.stop();
            if (!deployed) {
                deployer.deploy("mds-c");
            }
            deployer.undeploy("mds-c");
        }
    }

    private static String event(String prefix, int k) {
        return prefix + " event #" + k + ".";
    }

    @Test
    void aStormBeyondMaxtrapsIsShownAsDroppedTraps() throws Exception {
        String p = prefix();
        long t = now();
        MonitorRun run = MonitorRun.start(Map.of(), "--interval", "1", url(STORM));
        try {
            TrapFileWriter.append(STORM.trapFile, TrapFileWriter.line(p + "-start", t, 3, "lustre", "lustre-MDT0000",
                    p + " before the storm"));
            run.awaitLine("the trap before the storm", PATIENCE, l -> l.contains(p + " before the storm"));
            StringBuilder storm = new StringBuilder();
            int stormSize = 10 * STORM_MAXTRAPS;
            for (int i = 0; i < stormSize; i++) {
                storm.append(TrapFileWriter.line(p + "-" + i, t + 1, 2, "lustre", String.format("lustre-OST%04x", i),
                        p + " storm " + i));
            }
            TrapFileWriter.append(STORM.trapFile, storm);
            TomcatItSupport.awaitCondition("the collector read the storm", PATIENCE,
                    () -> number(status(STORM), "received") >= stormSize + 1);
            long dropped = number(status(STORM), "dropped");
            assertEquals(stormSize + 1 - STORM_MAXTRAPS, dropped, "the collector kept maxtraps");
            TomcatItSupport.awaitCondition("the monitor showed " + dropped + " dropped traps", PATIENCE,
                    () -> droppedShown(run.lines()) == dropped);
            assertTrue(run.lines().stream().anyMatch(l -> l.contains(" DROPPED ") && l.contains(url(STORM))
                    && l.contains("CRITICAL") && l.contains("maxtraps " + STORM_MAXTRAPS)), String.join("\n", run.lines()));
        } finally {
            assertEquals(0, run.stop());
        }

        MonitorRun once = MonitorRun.once(Map.of(), "--once", url(STORM));
        List<String> lines = once.lines();
        assertEquals(STORM_MAXTRAPS, count(lines, p + " "), "what the store holds");
        assertTrue(lines.get(lines.size() - 1).contains(" dropped " + (10 * STORM_MAXTRAPS + 1 - STORM_MAXTRAPS)
                + " traps since it started"), String.join("\n", lines));
    }

    private static final Pattern DROPPED = Pattern.compile(" DROPPED .* dropped (\\d+) traps");

    private static long droppedShown(List<String> lines) {
        long sum = 0;
        for (String line : lines) {
            Matcher m = DROPPED.matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    @Test
    void theLauncherRunsTheBuiltJarWithThePasswordFromTheEnvironment() throws Exception {
        String p = prefix();
        TrapFileWriter.append(A.trapFile, TrapFileWriter.line(p + "-jar", now(), 2, "lustre", "lustre-OST0009",
                p + " through the jar"));
        awaitServed(A, Set.of(p + "-jar"));
        Path launcher = Path.of("tomcat/bin/lustre-monitor").toAbsolutePath();
        Path output = dir.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--once", "--json", "--user", "ops", url(A))
                .redirectOutput(output.toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("LUSTRE_MONITOR_PASSWORD", "not-on-the-command-line");
        pb.environment().put("LUSTRE_MONITOR_JAR", TomcatItSupport.prop("it.monitor.jar"));
        Process process = pb.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the monitor ended");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("err")));
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            ids.add(JSON.readTree(line).path("id").asText());
        }
        assertTrue(ids.contains(p + "-jar"), ids.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(CollectorDeployment d) {
        try {
            return (Map<String, Object>) TomcatItSupport.call(new URL(url(d)), "getStatus");
        } catch (XmlRpcException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(Map<String, Object> status, String member) {
        return ((Number) status.get(member)).longValue();
    }

    private static void awaitServed(CollectorDeployment d, Set<String> ids) {
        TomcatItSupport.awaitCondition(d.name + " serves " + ids, PATIENCE, () -> {
            try {
                Set<String> served = new HashSet<>();
                for (Object row : (Object[]) ((Object[]) TomcatItSupport.call(new URL(url(d)), "getTraps", 0))[0]) {
                    served.add((String) ((Object[]) row)[4]);
                }
                return served.containsAll(ids);
            } catch (XmlRpcException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitWritten(AtomicInteger written, int atLeast) {
        TomcatItSupport.awaitCondition(atLeast + " events written", PATIENCE, () -> written.get() >= atLeast);
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> line) {
        for (int i = 0; i < lines.size(); i++) {
            if (line.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
