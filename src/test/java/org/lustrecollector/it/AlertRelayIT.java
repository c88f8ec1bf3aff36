package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.monitor.AlertmanagerProcess;
import org.lustrecollector.monitor.LustreMonitor;

/**
 * The whole alerting path with real parts: two collectors in Tomcat (an MDS pair) on one trap file and one
 * fixture Lustre tree, each with a kernel log of its own (its console), {@code lustre-monitor --alertmanager}
 * relaying both, and Debian's Alertmanager with the shipped configuration (conf/alertmanager: routes and
 * inhibition rules; receivers that send nothing) on a free loopback port, read through its
 * {@code GET /api/v2/alerts}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertRelayIT {
    private static final Path FOLDER = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it/relay")
            .toAbsolutePath();
    private static final Path ROOT = FOLDER.resolve("lustre-root");
    private static final Path TRAPS = FOLDER.resolve("traps");
    private static final LustreTreeWriter FIXTURE = fixture();
    private static final CollectorDeployment A = pairMember("relay-a");
    private static final CollectorDeployment B = pairMember("relay-b");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static AlertmanagerProcess alertmanager;
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static final ExecutorService MONITOR = Executors.newSingleThreadExecutor();
    private static final ByteArrayOutputStream MONITOR_ERR = new ByteArrayOutputStream();
    private static Future<Integer> monitor;

    private static LustreTreeWriter fixture() {
        try {
            Files.createDirectories(FOLDER);
            Files.deleteIfExists(TRAPS);
            Files.createFile(TRAPS);
            return LustreTreeWriter.at(ROOT, TreeLayout.V2_15).withDebugfs(false).fileSystem("lustre", 1, 0, 4).write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A collector of the pair: the shared trap file and tree, its own store. */
    private static CollectorDeployment pairMember(String name) {
        CollectorDeployment d = CollectorDeployment.prepare(name, "");
        try {
            Files.deleteIfExists(kernelLog(name));
            Files.createFile(kernelLog(name));
            Files.writeString(d.configFile, "trapfile = " + TRAPS + "\ntrapfilemode = regular\nlustreroot = " + ROOT
                    + "\ninterval = 1s\nmaxtraps = 5000\nkernellog = " + kernelLog(name) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    private static Path kernelLog(String collector) {
        return FOLDER.resolve(collector + "-kernel.log");
    }

    @Deployment(name = "relay-a", testable = false)
    static WebArchive relayA() {
        return A.war();
    }

    @Deployment(name = "relay-b", testable = false)
    static WebArchive relayB() {
        return B.war();
    }

    private static String url(CollectorDeployment d) {
        try {
            return TomcatItSupport.contextUrl("/" + d.name).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void startAlertmanagerAndRelay() throws IOException {
        alertmanager = AlertmanagerProcess.start(FOLDER.resolve("alertmanager"), AlertmanagerProcess.shippedConfig());
        // --window 0: the monitor merges the pair's traps only when they have the same second, so the relay's
        // own merge (one alert per alertname, fs and node) is what keeps the pair's event one alert.
        String[] args = {"--quiet", "--interval", "1", "--window", "0", "--alert-resend", "2",
            "--alertmanager", alertmanager.url(), url(A), url(B)};
        monitor = MONITOR.submit(() -> LustreMonitor.run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(MONITOR_ERR, true, StandardCharsets.UTF_8), Map.of(), STOP, false));
    }

    @AfterAll
    static void stop() throws Exception {
        STOP.countDown();
        try {
            assertEquals(0, monitor.get(60, TimeUnit.SECONDS), MONITOR_ERR.toString(StandardCharsets.UTF_8));
        } finally {
            MONITOR.shutdownNow();
            alertmanager.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> alert) {
        return (Map<String, String>) alert.get("labels");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> annotations(Map<String, Object> alert) {
        return (Map<String, String>) alert.get("annotations");
    }

    private static List<Map<String, Object>> down(String node) {
        return alertmanager.alerts("LustreTargetDown").stream().filter(a -> node.equals(labels(a).get("node")))
                .toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        TomcatItSupport.awaitCondition(what + " (monitor said: " + MONITOR_ERR.toString(StandardCharsets.UTF_8)
                + ")", PATIENCE, condition);
    }

    /** Whether the collector holds a down trap of lustre-OST0002 of its own (ids differ between the two). */
    private static boolean downTrapIn(CollectorDeployment d) {
        try {
            for (Object row : (Object[]) ((Object[]) TomcatItSupport.call(new URL(url(d)), "getTraps", 0))[0]) {
                if (((String) ((Object[]) row)[4]).contains(":lustre-OST0002:down:")) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void aTargetDownSeenByBothMdssIsOneAlertThatResolvesWhenItIsBack() throws IOException {
        FIXTURE.condition("lustre-OST0002", NodeCondition.DISCONNECTED);
        await("both collectors raised their own down trap", () -> downTrapIn(A) && downTrapIn(B));
        await("the LustreTargetDown alert", () -> down("lustre-OST0002").size() == 1);
        // Both collectors' traps have reached the relay by its next re-send: still one alert.
        String sentAt = (String) down("lustre-OST0002").get(0).get("updatedAt");
        await("a re-send", () -> down("lustre-OST0002").size() == 1
                && !sentAt.equals(down("lustre-OST0002").get(0).get("updatedAt")));
        List<Map<String, Object>> alerts = down("lustre-OST0002");
        assertEquals(1, alerts.size(), alerts.toString());
        Map<String, Object> alert = alerts.get(0);
        Map<String, String> labels = new java.util.TreeMap<>(labels(alert));
        String nid = labels.remove("nid");
        assertTrue(annotations(alert).get("summary").contains("NID " + nid + ")"), "the NID the target was reached "
                + "at, as the trap names it: " + alert);
        assertEquals(nid.substring(nid.indexOf('@') + 1), labels.remove("lnet"));
        assertEquals(Map.of("alertname", "LustreTargetDown", "fs", "lustre", "node", "lustre-OST0002",
                "severity", "critical"), labels);
        assertFalse(annotations(alert).get("collectors").isEmpty(), annotations(alert).toString());
        assertTrue(annotations(alert).get("trap_ids").contains(":lustre-OST0002:down:"), annotations(alert).toString());
        assertTrue(annotations(alert).get("summary").contains("lustre-OST0002 is not responding"));
        assertEquals("active", ((Map<?, ?>) alert.get("status")).get("state"));

        FIXTURE.condition("lustre-OST0002", NodeCondition.FULL);
        await("the alert resolved", () -> down("lustre-OST0002").isEmpty());
    }

    @Test
    @Order(2)
    void anEventInTheSharedTrapFileIsOneAlert() throws IOException {
        TrapFileWriter.append(TRAPS, TrapFileWriter.line("site-lbug-1", System.currentTimeMillis() / 1000, 3,
                "lustre", "lustre-MDT0000", "LustreError: 1234:0:(mdt_handler.c:100:mdt_foo()) LBUG"));
        await("one LustreLBUG alert", () -> alertmanager.alerts("LustreLBUG").size() == 1);
        Map<String, Object> lbug = alertmanager.alerts("LustreLBUG").get(0);
        assertEquals("fatal", labels(lbug).get("severity"));
        assertEquals("site-lbug-1", annotations(lbug).get("trap_ids"));
        assertFalse(((String) lbug.get("endsAt")).isEmpty());
    }

    @Test
    @Order(3)
    void anAlertmanagerRestartedMidwayGetsTheAlertsStillActive() throws IOException {
        FIXTURE.condition("lustre-OST0001", NodeCondition.DISCONNECTED);
        await("LustreTargetDown for OST0001", () -> down("lustre-OST0001").size() == 1);
        alertmanager.restart(true, () -> { });
        await("the active alerts again after the restart", () -> down("lustre-OST0001").size() == 1
                && alertmanager.alerts("LustreLBUG").size() == 1);
        FIXTURE.condition("lustre-OST0001", NodeCondition.FULL);
        await("resolved after the restart too", () -> down("lustre-OST0001").isEmpty());
    }

    private static final String CRASHED_OSS = "10.0.7.1@o2ib1";
    private static final List<String> ITS_OSTS = java.util.stream.IntStream.range(0x10, 0x18)
            .mapToObj(i -> String.format("lustre-OST%04x", i)).toList();

    /** What each MDS's console prints (lustre/ptlrpc/import.c v2_15_0) when an OSS goes or comes back. */
    private static void console(String collector, boolean lost) throws IOException {
        String iso = java.time.Instant.now().toString();
        String stamp = iso.substring(0, 19) + ".000000+00:00";
        StringBuilder lines = new StringBuilder();
        for (String ost : ITS_OSTS) {
            lines.append(stamp).append(' ').append(collector).append(" kernel: Lustre: ").append(ost)
                    .append("-osc-MDT0000: ").append(lost
                            ? "Connection to " + ost + " (at " + CRASHED_OSS + ") was lost; in progress operations "
                                    + "using this service will wait for recovery to complete"
                            : "Connection restored to " + CRASHED_OSS + " (at " + CRASHED_OSS + ")").append('\n');
        }
        Files.writeString(kernelLog(collector), lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(Map<String, Object> alert) {
        return (Map<String, Object>) alert.get("status");
    }

    private static List<Map<String, Object>> lostConnections() {
        return alertmanager.alerts("LustreConnectionLost").stream()
                .filter(a -> ITS_OSTS.contains(labels(a).get("node"))).toList();
    }

    /**
     * An OSS crashes: both MDSs' consoles lose its 8 OSTs. One LustreOutage alert for the pair, whose
     * collectors both report it; the OSTs' own alerts carry the OSS's NID and are inhibited by it; --status
     * shows the outage once; when the OSTs are back the outage alert resolves.
     */
    @Test
    @Order(4)
    void anOssCrashIsOneOutageAlertThatInhibitsItsTargetsAlerts() throws IOException {
        console(A.name, true);
        console(B.name, true);
        await("one LustreOutage alert from both collectors", () -> {
            List<Map<String, Object>> outages = alertmanager.alerts("LustreOutage");
            return outages.size() == 1 && annotations(outages.get(0)).get("collectors").split(" ").length == 2
                    && "8".equals(annotations(outages.get(0)).get("targets"));
        });
        Map<String, Object> outage = alertmanager.alerts("LustreOutage").get(0);
        assertEquals(Map.of("alertname", "LustreOutage", "kind", "server", "nid", CRASHED_OSS, "lnet", "o2ib1",
                "severity", "critical"), labels(outage));
        assertEquals("active", status(outage).get("state"));
        assertEquals("lustre", annotations(outage).get("filesystems"));
        assertEquals("1", annotations(outage).get("servers"));
        assertTrue(annotations(outage).get("examples").startsWith("lustre-OST0010 lustre-OST0011"),
                annotations(outage).toString());
        assertTrue(annotations(outage).get("summary").contains("Server " + CRASHED_OSS + " is gone: 8 targets lost"),
                annotations(outage).toString());

        String fingerprint = (String) outage.get("fingerprint");
        await("the 8 targets' alerts, inhibited by the outage", () -> {
            List<Map<String, Object>> lost = lostConnections();
            return lost.size() == ITS_OSTS.size() && lost.stream().allMatch(a ->
                    "suppressed".equals(status(a).get("state"))
                            && List.of(fingerprint).equals(status(a).get("inhibitedBy")));
        });
        for (Map<String, Object> lost : lostConnections()) {
            assertEquals(CRASHED_OSS, labels(lost).get("nid"), lost.toString());
            assertEquals("o2ib1", labels(lost).get("lnet"), lost.toString());
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LustreMonitor.run(new String[] {"--status", url(A), url(B)},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                Map.of(), new CountDownLatch(1), false);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        List<String> rows = printed.lines().filter(l -> l.startsWith("active ")).toList();
        assertEquals(1, rows.size(), "the pair's outage once: " + printed);
        assertTrue(rows.get(0).matches("active +server +" + CRASHED_OSS.replace(".", "\\.") + " +8 +1 +lustre +.*"),
                printed);

        console(A.name, false);
        console(B.name, false);
        await("the outage alert resolved", () -> alertmanager.alerts("LustreOutage").isEmpty());
    }
}
