package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.xmlrpc.XmlRpcException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A collector with a kernel log configured, in a real Tomcat: Lustre console lines appended to the log
 * (as rsyslog or a journalctl unit writes them) come out of getTraps as traps, and an OSS crash's lines as
 * one server outage in getStatus, /metrics and getOutages.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelLogIT {
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepareWithKernelLog("kernellog");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    private static void appendToKernelLog(Path file, String lines) throws IOException {
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() throws XmlRpcException {
        return (Map<String, Object>) TomcatItSupport.call(url, "getStatus");
    }

    private List<Object[]> awaitTraps(int count) throws XmlRpcException {
        TomcatItSupport.awaitCondition(count + " traps", PATIENCE, () -> {
            try {
                return traps().size() >= count;
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
        return traps();
    }

    private List<Object[]> traps() throws XmlRpcException {
        List<Object[]> traps = new ArrayList<>();
        for (Object row : (Object[]) ((Object[]) TomcatItSupport.call(url, "getTraps", 0))[0]) {
            traps.add((Object[]) row);
        }
        return traps;
    }

    private static int epoch(String iso) {
        return (int) Instant.parse(iso).getEpochSecond();
    }

    @Test
    @Order(1)
    void consoleMessagesOfBothWordingsBecomeTraps() throws Exception {
        appendToKernelLog(DEPLOYMENT.kernelLog,
                "2024-11-27T04:25:04.402140+01:00 mds1 kernel: Lustre: lustre-OST0003-osc-MDT0000: Connection to lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress operations using this service will wait for recovery to complete\n"
                + "2024-11-27T04:25:04.402177+01:00 mds1 kernel: Lustre: Skipped 57 previous similar messages\n"
                + "2024-11-27T04:25:10.514207+01:00 mds1 kernel: LustreError: 11-0: lustre-OST0003-osc-MDT0000: operation ost_connect to node 10.0.0.13@o2ib failed: rc = -19\n"
                + "2024-11-27T04:26:01.117002+01:00 mds1 kernel: LustreError: lustre-OST0005-osc-MDT0000: This client was evicted by lustre-OST0005; in progress operations using this service will fail.\n"
                + "2024-11-27T04:27:00.810385+01:00 mds1 kernel: Lustre: lustre-OST0003-osc-MDT0000: Connection restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)\n"
                + "2024-11-27T04:30:39.499097+01:00 mds1 kernel: LustreError: 1246375:0:(mdt_handler.c:6130:mdt_fini()) ASSERTION( atomic_read(&d->ld_ref) == 0 ) failed: \n"
                + "2024-11-27T04:30:39.499176+01:00 mds1 kernel: LustreError: 1246375:0:(mdt_handler.c:6130:mdt_fini()) LBUG\n"
                + "2024-11-27T04:30:39.499213+01:00 mds1 kernel: Pid: 1246375, comm: umount 4.18.0-477.10.1.el8_lustre.x86_64 #1 SMP\n"
                + "not a kernel log line\n");
        List<Object[]> traps = awaitTraps(5);
        assertEquals(5, traps.size());
        assertArrayEquals(new Object[] {"lustre-OST0003-osc-MDT0000: Connection to lustre-OST0003 (at 10.0.0.13@o2ib) was "
                + "lost; in progress operations using this service will wait for recovery to complete (57 similar messages from "
                + "the same source were suppressed before this one)", 2,
                "lustre-OST0003", "lustre", traps.get(0)[4], epoch("2024-11-27T03:25:04Z")}, traps.get(0));
        assertArrayEquals(new Object[] {"lustre-OST0003-osc-MDT0000: operation ost_connect to node 10.0.0.13@o2ib failed: "
                + "rc = -19", 1, "lustre-OST0003", "lustre", traps.get(1)[4], epoch("2024-11-27T03:25:10Z")}, traps.get(1));
        assertArrayEquals(new Object[] {"lustre-OST0005-osc-MDT0000: This client was evicted by lustre-OST0005; in progress "
                + "operations using this service will fail.", 2, "lustre-OST0005", "lustre", traps.get(2)[4],
                epoch("2024-11-27T03:26:01Z")}, traps.get(2));
        assertArrayEquals(new Object[] {"lustre-OST0003-osc-MDT0000: Connection restored to 10.0.0.13@o2ib (at "
                + "10.0.0.13@o2ib)", 0, "lustre-OST0003", "lustre", traps.get(3)[4], epoch("2024-11-27T03:27:00Z")},
                traps.get(3));
        assertArrayEquals(new Object[] {"ASSERTION( atomic_read(&d->ld_ref) == 0 ) failed; LBUG (at "
                + "mdt_handler.c:6130:mdt_fini())", 3, "mds1", "", traps.get(4)[4], epoch("2024-11-27T03:30:39Z")},
                traps.get(4));
        assertTrue(traps.stream().allMatch(t -> ((String) t[4]).matches("kl-[0-9a-f]{16}")));

        Map<String, Object> status = status();
        assertEquals(DEPLOYMENT.kernelLog.toString(), status.get("kernellog"));
        assertEquals(Boolean.TRUE, status.get("kernellogReadable"));
        assertEquals(1.0, status.get("kernellogMalformed"));
        assertEquals(1.0, status.get("kernellogIgnored"), "the Pid line of the LBUG's stack dump");
        assertEquals(0.0, status.get("malformed"), "the trap file's own count is apart");
    }

    @Test
    @Order(2)
    void aRotatedLogIsFinishedAndTheNewOneFollowed() throws Exception {
        int before = traps().size();
        Path rotated = DEPLOYMENT.kernelLog.resolveSibling("lustre-kernel.log.1");
        Files.deleteIfExists(rotated);
        Files.move(DEPLOYMENT.kernelLog, rotated);
        // rsyslog writes its last line to the renamed file before it reopens the path.
        // lustre/obdclass/obd_sysfs.c health_check_show() v2_16_59: a CERROR, so with its location.
        appendToKernelLog(rotated, "2024-11-27T05:00:00.000001+01:00 mds1 kernel: LustreError: 2211:0:(obd_sysfs.c:241:health_check_show()) lustre-MDT0000: device reported unhealthy\n");
        appendToKernelLog(DEPLOYMENT.kernelLog, "[ 8412.991005] LustreError: lustre-OST0009-osc-MDT0000: This client was evicted by lustre-OST0009; in progress operations using this service will fail.\n");
        List<Object[]> traps = awaitTraps(before + 2);
        Object[] unhealthy = traps.get(before);
        assertArrayEquals(new Object[] {"lustre-MDT0000: device reported unhealthy (at obd_sysfs.c:241:health_check_show())", 2, "lustre-MDT0000", "lustre"},
                new Object[] {unhealthy[0], unhealthy[1], unhealthy[2], unhealthy[3]});
        Object[] evicted = traps.get(before + 1);
        assertEquals("lustre-OST0009", evicted[2]);
        // A dmesg stamp counts from this machine's boot, which is now minus its uptime.
        String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
        double boot = Instant.now().getEpochSecond() - Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
        int time = (Integer) evicted[5];
        assertTrue(Math.abs(time - (boot + 8412)) <= 5, "time " + time + ", boot " + boot);
    }

    /**
     * An OSS crash as the MDS's console shows it (lustre/ptlrpc/import.c ptlrpc_set_import_discon(), v2_15_0):
     * its 8 OSTs behind one NID lost within a second. getStatus and /metrics count one server outage, active,
     * and its summary raised once the outage window (10 s) has passed.
     */
    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void anOssCrashShowsInGetStatusAndMetricsAsOneServerOutage() throws Exception {
        String iso = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String stamp = iso.substring(0, iso.length() - 1) + ".000001+00:00";
        StringBuilder lines = new StringBuilder();
        for (int i = 0x10; i < 0x18; i++) {
            String ost = String.format("lustre-OST%04x", i);
            lines.append(stamp).append(" mds1 kernel: Lustre: ").append(ost).append("-osc-MDT0000: Connection to ")
                    .append(ost).append(" (at 10.0.3.17@o2ib) was lost; in progress operations using this service "
                            + "will wait for recovery to complete\n");
        }
        appendToKernelLog(DEPLOYMENT.kernelLog, lines.toString());

        TomcatItSupport.awaitCondition("the summary raised", PATIENCE, () -> {
            try {
                Map<String, Object> raised = (Map<String, Object>) ((Map<String, Object>) status().get("outages"))
                        .get("raised");
                return Double.valueOf(1.0).equals(raised.get("server"));
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Object> outages = (Map<String, Object>) status().get("outages");
        assertEquals(1, outages.get("server"));
        assertEquals(0, outages.get("network"));
        assertEquals(1, outages.get("active"));
        assertEquals(Map.of("server", 1.0, "network", 0.0), outages.get("raised"));

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "metrics"))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode());
        String metrics = scrape.body();
        assertTrue(metrics.contains("lustre_collector_outages_active{kind=\"server\"} 1.0\n"), metrics);
        assertTrue(metrics.contains("lustre_collector_outages_active{kind=\"network\"} 0.0\n"), metrics);
        assertTrue(metrics.contains("lustre_collector_outages_raised_total{kind=\"server\"} 1.0\n"), metrics);

        Object[] listed = (Object[]) TomcatItSupport.call(url, "getOutages");
        assertEquals(1, listed.length);
        Map<String, Object> oss = (Map<String, Object>) listed[0];
        assertEquals("10.0.3.17@o2ib", oss.get("key"));
        assertEquals(8, oss.get("targets"));
    }
}
