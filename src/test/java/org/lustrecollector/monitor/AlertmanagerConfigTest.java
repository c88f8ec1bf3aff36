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

/**
 * The shipped conf/alertmanager/alertmanager.yml, checked by Debian's amtool, and its route and inhibition
 * run in Debian's Alertmanager with the receivers pointed at a webhook on a loopback port: a storm of lost
 * connections on one filesystem is one notification, and those of a target that is down are inhibited.
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

    @SuppressWarnings("unchecked")
    private static String groupLabel(Map<String, Object> notification, String name) {
        return ((Map<String, String>) notification.get("groupLabels")).get(name);
    }
}
