package org.lustrecollector.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.collector.CollectorStatus;
import org.lustrecollector.collector.OutageStatus;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.HealthCheck;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapCounts;

/** The families over a fixture Lustre tree in Lustre's real layout, checked by Debian's promtool. */
class MetricsExpositionTest {
    @TempDir
    static Path root;
    private static LustreState lustre;
    private static LustreTreeWriter writer;

    @BeforeAll
    static void scanFixture() throws IOException {
        writer = LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", 1, 1, 4).fileSystem("scratch", 2)
                .condition("lustre-OST0003", NodeCondition.DISCONNECTED)
                .condition("lustre-OST0002", NodeCondition.DEACTIVATED).write();
        lustre = new LustreState(new FileProcTree(root), InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000)),
                10, "mds1");
        for (int i = 0; i < 3; i++) {
            lustre.scan();
        }
    }

    private static CollectorStatus status() {
        TrapCounts counts = new TrapCounts(new long[] {5, 0, 2, 1}, new long[] {3, 0, 0, 0}, 4,
                Map.of("lustre", new long[] {4, 0, 2, 1}, "", new long[] {1, 0, 0, 0}),
                Map.of("lustre", new long[] {3, 0, 0, 0}), 250, Map.of("lustre", new long[] {4, 0, 0, 0}));
        return new CollectorStatus(counts, 250, "1.2.3", 60, List.of(
                new SourceStatus("trapfile", "/var/log/traps", true, 1_800_000_000, 7, 2),
                new SourceStatus("kernellog", "/var/log/lustre.log", false, 0, 0, 0)), 0);
    }

    private final MetricsExposition exposition = new MetricsExposition();
    /** One server outage active, three server and one network outage raised so far. */
    private static final OutageStatus OUTAGES = new OutageStatus(1, 0, 3, 1);

    private byte[] scrape(String accept, boolean gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exposition.write(out, exposition.writerFor(accept), gzip, status(), lustre, OUTAGES, true, 1_800_000_060);
        return out.toByteArray();
    }

    private static String gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String text() throws IOException {
        return new String(scrape(null, false), StandardCharsets.UTF_8);
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Promtool.Result r = Promtool.checkMetrics(scrape(null, false));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("", r.output().trim(), "no lint complaint: " + r.output());
    }

    @Test
    void countersByCategoryAndFileSystem() throws IOException {
        String t = text();
        assertTrue(t.contains("lustre_collector_traps_received_total{category=\"critical\",fs=\"lustre\"} 2.0"), t);
        assertTrue(t.contains("lustre_collector_traps_dropped_total{category=\"info\",fs=\"lustre\"} 3.0"), t);
        assertTrue(t.contains("lustre_collector_traps_expired_total{category=\"info\",fs=\"lustre\"} 4.0"), t);
        assertTrue(t.contains("lustre_collector_lines_malformed_total{source=\"trapfile\"} 7.0"), t);
        assertTrue(t.contains("lustre_collector_traps_stored 250.0"), t);
        assertTrue(t.contains("lustre_collector_traps_capacity 250.0"), t);
        assertTrue(t.contains("lustre_collector_source_readable{source=\"kernellog\"} 0.0"), t);
        assertTrue(t.contains("lustre_collector_source_last_read_timestamp_seconds{source=\"trapfile\"} 1.8E9"), t);
        assertTrue(t.contains("lustre_collector_build_info{version=\"1.2.3\"} 1"), t);
        assertTrue(t.contains("lustre_collector_start_time_seconds 1.8E9"), t);
    }

    @Test
    void outagesActiveAndRaisedByKind() throws IOException {
        String t = text();
        assertTrue(t.contains("# TYPE lustre_collector_outages_active gauge"), t);
        assertTrue(t.contains("lustre_collector_outages_active{kind=\"server\"} 1.0"), t);
        assertTrue(t.contains("lustre_collector_outages_active{kind=\"network\"} 0.0"), t);
        assertTrue(t.contains("# TYPE lustre_collector_outages_raised_total counter"), t);
        assertTrue(t.contains("lustre_collector_outages_raised_total{kind=\"server\"} 3.0"), t);
        assertTrue(t.contains("lustre_collector_outages_raised_total{kind=\"network\"} 1.0"), t);
    }

    @Test
    void targetsUpDownDeactivatedAndTheirSpaceInBytes() throws IOException {
        String t = text();
        assertTrue(t.contains("lustre_collector_target_up{fs=\"lustre\",target=\"lustre-OST0001\"} 1\n"), t);
        assertTrue(t.contains("lustre_collector_target_up{fs=\"lustre\",target=\"lustre-OST0003\"} 0\n"), t);
        assertTrue(t.contains("lustre_collector_target_deactivated{fs=\"lustre\",target=\"lustre-OST0002\"} 1\n"), t);
        assertTrue(t.contains("lustre_collector_target_deactivated{fs=\"lustre\",target=\"lustre-OST0001\"} 0\n"), t);
        assertTrue(t.contains("lustre_collector_filesystem_targets_down{fs=\"lustre\"} 1.0"), t);
        long kbytes = lustre.node("lustre-OST0001").orElseThrow().space().kbytesTotal();
        assertTrue(kbytes > 0);
        assertTrue(t.contains("lustre_collector_target_capacity_bytes{fs=\"lustre\",target=\"lustre-OST0001\"} "
                + kbytes * 1024 + "\n"), t);
        assertEquals(Optional.of(HealthCheck.HEALTHY), lustre.health());
        assertTrue(t.contains("lustre_collector_health_check 1.0"), t);
        String state = lustre.node("lustre-OST0001").orElseThrow().state();
        assertTrue(t.contains("lustre_collector_target_state{fs=\"lustre\",state=\"" + state
                + "\",target=\"lustre-OST0001\"} 1\n"), t);
    }

    @Test
    void gzipIsTheSameTextAsAMemberSeriesAndFollowsAChangedTarget() throws Exception {
        String plain = text();
        assertEquals(plain, gunzip(scrape(null, true)));
        assertEquals(plain, gunzip(scrape(null, true)), "the kept members give the same text");
        Promtool.Result r = Promtool.checkMetrics(gunzip(scrape(null, true)).getBytes(StandardCharsets.UTF_8));
        assertEquals(0, r.exitCode(), r.output());

        writer.condition("scratch-OST0001", NodeCondition.DISCONNECTED);
        for (int i = 0; i < 3; i++) {
            lustre.scan();
        }
        try {
            String changed = gunzip(scrape(null, true));
            assertTrue(changed.contains("lustre_collector_target_up{fs=\"scratch\",target=\"scratch-OST0001\"} 0\n"),
                    changed);
            assertEquals(text(), changed);
        } finally {
            writer.condition("scratch-OST0001", NodeCondition.FULL);
            for (int i = 0; i < 3; i++) {
                lustre.scan();
            }
        }
        assertTrue(gunzip(scrape(null, true))
                .contains("lustre_collector_target_up{fs=\"scratch\",target=\"scratch-OST0001\"} 1\n"));
    }

    @Test
    void nothingPerClientOrNid() throws IOException {
        String t = text();
        assertFalse(t.contains("nid="), t);
        assertFalse(t.contains("@o2ib"), t);
        assertFalse(t.contains("@tcp"), t);
    }

    /** Names of the series in an exposition: every sample line's name. */
    private static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** Every lustre_collector_ name the shipped dashboard and alert rules query. */
    private static Set<String> queriedNames(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("lustre_collector_[a-z_]+").matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void everyMetricTheShippedDashboardAndRulesQueryIsExported() throws IOException {
        Set<String> exported = exportedNames(text());
        for (Path file : List.of(Path.of("conf/grafana/lustre-collector-dashboard.json"),
                Path.of("conf/prometheus/lustre-collector.rules.yml"))) {
            Set<String> queried = queriedNames(file);
            assertTrue(queried.size() >= 5, file + " queries " + queried);
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exported);
            assertEquals(Set.of(), missing, file + " queries names /metrics does not export");
        }
        // And the dashboard is JSON Grafana can import: panels with Prometheus queries.
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("conf/grafana/lustre-collector-dashboard.json").toFile());
        assertTrue(dashboard.get("panels").size() >= 5);
        for (JsonNode panel : dashboard.get("panels")) {
            assertFalse(panel.get("targets").isEmpty(), panel.toString());
        }
    }

    @Test
    void openMetricsEndsWithEof() throws Exception {
        String om = gunzip(scrape("application/openmetrics-text; version=1.0.0", true));
        assertTrue(om.endsWith("# EOF\n"), om);
        assertTrue(om.contains("# TYPE lustre_collector_traps_received counter"), om);
        assertTrue(om.contains("lustre_collector_target_up{fs=\"lustre\",target=\"lustre-OST0001\"} 1\n"), om);
        assertEquals(2, om.split("# EOF").length, "one EOF, at the end");
        assertTrue(om.endsWith("# EOF\n"));
    }

    @Test
    void gzipIsTakenOnlyWhenAccepted() {
        assertTrue(MetricsServlet.acceptsGzip("gzip"));
        assertTrue(MetricsServlet.acceptsGzip("identity, GZIP;q=0.5"));
        assertFalse(MetricsServlet.acceptsGzip("gzip;q=0"));
        assertFalse(MetricsServlet.acceptsGzip("br, deflate"));
        assertFalse(MetricsServlet.acceptsGzip(null));
        assertFalse(MetricsServlet.acceptsGzip("gzip;q=bad"));
    }
}
