package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.monitor.outage.Outage;

/**
 * The shipped conf/alertmanager/alertmanager.yml, checked by Debian's amtool, and its route and inhibition
 * run in Debian's Alertmanager with the receivers pointed at a webhook on a loopback port: a storm of lost
 * connections on one filesystem is one notification, and those of a target that is down are inhibited;
 * an outage inhibits the alerts of its targets, a network outage also the server outages of its network.
 */
class AlertmanagerConfigTest {
    private static final Path SHIPPED = Path.of("conf/alertmanager/alertmanager.yml");
    private static final Path AMTOOL = Path.of("/usr/bin/amtool");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void amtoolAcceptsItAndRoutesCriticalEventsToOnCallToo() throws Exception {
        assertTrue(Files.isExecutable(AMTOOL), "apt-get install prometheus-alertmanager (.ci/run does)");
        run(AMTOOL.toString(), "check-config", SHIPPED.toString());
        assertEquals("lustre-oncall,lustre-admins", run(AMTOOL.toString(), "config", "routes", "test",
                "--config.file=" + SHIPPED, "alertname=LustreTargetDown", "fs=lustre", "severity=critical").strip()
                .lines().filter(l -> !l.startsWith("Warning")).findFirst().orElse(""));
    }

    @Test
    void aStormOfLostConnectionsIsOneNotificationAndADownTargetInhibitsItsOwn() throws Exception {
        List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
            notifications.add(body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        try {
            String shipped = Files.readString(SHIPPED);
            String config = shipped.substring(0, shipped.indexOf("\nreceivers:"))
                    .replaceAll("group_wait: \\d+s", "group_wait: 2s")
                    + "\nreceivers:\n"
                    + "  - name: lustre-admins\n    webhook_configs:\n      - url: http://127.0.0.1:"
                    + webhook.getAddress().getPort() + "/admins\n"
                    + "  - name: lustre-oncall\n    webhook_configs:\n      - url: http://127.0.0.1:"
                    + webhook.getAddress().getPort() + "/oncall\n";
            try (AlertmanagerProcess am = AlertmanagerProcess.start(folder.resolve("am"), config);
                 AlertRelay relay = new AlertRelay(new QuietOutput(null),
                         List.of(new AlertmanagerClient(am.url(), Duration.ofSeconds(10))),
                         AlertRelay.Settings.defaults(Duration.ofHours(1)), Clock.systemUTC(),
                         new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start()) {
                long now = Instant.now().getEpochSecond();
                relay.trap(new MonitoredTrap("mds1:storm-OST0000:down:ab-1", now, Category.CRITICAL, "storm",
                        "storm-OST0000", "storm-OST0000 is not responding", "c1"));
                int nodes = 200;
                for (int i = 0; i < nodes; i++) {
                    String node = String.format("storm-OST%04x", i);
                    relay.trap(new MonitoredTrap("kl-" + i, now, Category.WARNING, "storm", node,
                            "Lustre: storm-" + node + "-osc: Connection to " + node
                                    + " (at 10.0.0.1@o2ib) was lost; in progress operations using this service "
                                    + "will wait for recovery to complete", "c1"));
                }
                Awaitility.await("the storm notified").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> notifications.stream()
                                .anyMatch(n -> "LustreConnectionLost".equals(groupLabel(n, "alertname"))));
                // group_interval is minutes: nothing more for this group can come within this test.
                List<Map<String, Object>> lost = new ArrayList<>(notifications.stream()
                        .filter(n -> "LustreConnectionLost".equals(groupLabel(n, "alertname"))).toList());
                assertEquals(1, lost.size(), "one notification for the storm: " + lost.size());
                assertEquals("storm", groupLabel(lost.get(0), "fs"));
                List<?> alerts = (List<?>) lost.get(0).get("alerts");
                assertEquals(nodes - 1, alerts.size(), "storm-OST0000's is inhibited by its LustreTargetDown");
            }
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    void anOutageInhibitsTheAlertsOfItsTargetsAndANetworkOutageItsServerOutages() throws Exception {
        long now = Instant.now().getEpochSecond();
        List<Alert> alerts = new ArrayList<>();
        alerts.add(OutageAlerts.alert(new Outage("network", "o2ib1", 40, 5, List.of("lustre"), now, true, -1,
                List.of("lustre-OST0010"), List.of("c1")), Instant.MAX));
        alerts.add(OutageAlerts.alert(new Outage("server", "10.0.0.7@o2ib1", 8, 1, List.of("lustre"), now, true, -1,
                List.of("lustre-OST0010"), List.of("c1")), Instant.MAX));
        alerts.add(OutageAlerts.alert(new Outage("server", "10.9.0.1@tcp", 2, 1, List.of("scratch"), now, true, -1,
                List.of("scratch-OST0020"), List.of("c1")), Instant.MAX));
        AlertBook book = new AlertBook(Duration.ofHours(1), 100);
        for (String[] t : new String[][] {{"lustre", "lustre-OST0010", "10.0.0.7@o2ib1"},
            {"lustre", "lustre-OST0011", "10.0.0.8@o2ib1"},
            {"scratch", "scratch-OST0020", "10.9.0.1@tcp"}, {"scratch", "scratch-OST0021", "10.9.0.2@tcp"}}) {
            alerts.addAll(book.onTrap(new MonitoredTrap("mds1:" + t[1] + ":down:ab-1", now, Category.CRITICAL, t[0],
                    t[1], t[1] + " is not responding (DISCONN in import, NID " + t[2] + ")", "c1"), Instant.now()));
        }
        try (AlertmanagerProcess am = AlertmanagerProcess.start(folder.resolve("am"), AlertmanagerProcess.shippedConfig())) {
            new AlertmanagerClient(am.url(), Duration.ofSeconds(10)).post(alerts);
            // Alertmanager names the first rule's source that mutes an alert: OST0010's server outage, not its network's
            Map<String, String> expected = Map.of(
                    "network o2ib1", "",
                    "server 10.0.0.7@o2ib1", "network o2ib1",
                    "server 10.9.0.1@tcp", "",
                    "lustre-OST0010", "server 10.0.0.7@o2ib1",
                    "lustre-OST0011", "network o2ib1",
                    "scratch-OST0020", "server 10.9.0.1@tcp",
                    "scratch-OST0021", "");
            Awaitility.await("the inhibitions").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> inhibitions(am), org.hamcrest.Matchers.equalTo(expected));
        }
    }

    /** Per alert (an outage's kind and key, a target's node): the alerts inhibiting it, sorted, as the same names. */
    @SuppressWarnings("unchecked")
    static Map<String, String> inhibitions(AlertmanagerProcess am) {
        List<Map<String, Object>> all = am.alerts();
        Map<String, String> names = new java.util.HashMap<>();
        for (Map<String, Object> a : all) {
            names.put((String) a.get("fingerprint"), name(a));
        }
        Map<String, String> byName = new java.util.TreeMap<>();
        for (Map<String, Object> a : all) {
            List<String> by = (List<String>) ((Map<String, Object>) a.get("status")).get("inhibitedBy");
            byName.put(name(a), String.join(",", by.stream().map(f -> names.getOrDefault(f, f)).sorted().toList()));
        }
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> alert) {
        Map<String, String> labels = (Map<String, String>) alert.get("labels");
        return "LustreOutage".equals(labels.get("alertname")) ? labels.get("kind") + " "
                + labels.getOrDefault("nid", labels.get("lnet")) : labels.get("node");
    }

    @SuppressWarnings("unchecked")
    private static String groupLabel(Map<String, Object> notification, String name) {
        return ((Map<String, String>) notification.get("groupLabels")).get(name);
    }
}
