package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.metrics.Promtool;

/**
 * GET /metrics of a collector in Tomcat over a fixture Lustre tree and a trap file: Debian's promtool
 * accepts the real scrape; gzip and OpenMetrics on request; HEAD; every other method and path keeps 405.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {
    private static final Path ROOT = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it/metrics-root");
    private static final LustreTreeWriter FIXTURE = fixture();
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("metrics",
            "lustreroot = " + ROOT.toAbsolutePath() + "\ninterval = 1s\nmaxtraps = 1000\n");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LustreTreeWriter fixture() {
        try {
            return LustreTreeWriter.at(ROOT, TreeLayout.V2_15).withDebugfs(false)
                    .fileSystem("lustre", 1, 1, 4).condition("lustre-OST0003", NodeCondition.DISCONNECTED).write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(15))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String scrape() throws Exception {
        HttpResponse<byte[]> r = send("GET", "metrics");
        assertEquals(200, r.statusCode());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void promtoolAcceptsARealScrapeWithTrapsAndTargets() throws Exception {
        TrapFileWriter.append(DEPLOYMENT.trapFile,
                TrapFileWriter.line("m-1", 1_700_000_000, 2, "lustre", "lustre-OST0001", "OST0001 is slow")
                + TrapFileWriter.line("m-2", 1_700_000_001, 3, "lustre", "lustre-MDT0000", "LBUG"));
        TomcatItSupport.awaitCondition("the traps and the tree in /metrics", PATIENCE, () -> {
            try {
                String t = scrape();
                return t.contains("lustre_collector_traps_received_total{category=\"fatal\",fs=\"lustre\"} 1.0")
                        && t.contains("lustre_collector_target_up{fs=\"lustre\",target=\"lustre-OST0003\"} 0\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<byte[]> r = send("GET", "metrics");
        assertEquals("text/plain;version=0.0.4;charset=utf-8",
                r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("lustre_collector_target_up{fs=\"lustre\",target=\"lustre-OST0001\"} 1\n"), text);
        assertTrue(text.contains("lustre_collector_source_readable{source=\"trapfile\"} 1.0"), text);
        assertTrue(text.contains("lustre_collector_build_info{version=\"" + TomcatItSupport.prop("it.version")
                + "\"} 1"), text);
        Promtool.Result check = Promtool.checkMetrics(r.body());
        assertEquals(0, check.exitCode(), check.output());
        assertEquals("", check.output().trim());
    }

    @Test
    void gzipAndOpenMetricsWhenAsked() throws Exception {
        HttpResponse<byte[]> gz = send("GET", "metrics", "Accept-Encoding", "gzip",
                "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElseThrow());
        assertTrue(gz.headers().firstValue("Content-Type").orElseThrow().startsWith("application/openmetrics-text"));
        String om;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            om = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(om.endsWith("# EOF\n"), om);
        assertTrue(om.contains("lustre_collector_traps_stored"), om);
    }

    @Test
    void headAnswersWithoutBodyAndOtherMethodsAre405() throws Exception {
        HttpResponse<byte[]> head = send("HEAD", "metrics");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> post = send("POST", "metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElseThrow());
        HttpResponse<byte[]> rootGet = send("GET", "");
        assertEquals(405, rootGet.statusCode());
        assertEquals("POST, OPTIONS", rootGet.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, send("GET", "metrics/other").statusCode());
        assertEquals(405, send("DELETE", "metrics").statusCode());
    }
}
