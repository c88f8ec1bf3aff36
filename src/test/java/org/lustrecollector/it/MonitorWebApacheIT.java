package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.monitor.MonitorRun;

/**
 * conf/apache/lustre-monitor-web.conf for real: Debian's Apache httpd with the snippet in front of
 * lustre-monitor --web on loopback. Without a password nothing passes; with one the page, its API and its
 * live feed do (the feed's first event arrives through Apache at once, not when a buffer fills); anything
 * but GET is refused. The monitor watches a collector that is not there: the view still answers.
 */
class MonitorWebApacheIT {
    private static final Path SNIPPET = LauncherProcess.PROJECT.resolve("conf/apache/lustre-monitor-web.conf");
    private static final String USER = "alice";
    private static final String PASSWORD = "web-pass-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static MonitorRun monitor;
    private static Process apache;
    private static int apachePort;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        // Apache's worker runs as nobody when the test runs as root: it must read the htpasswd file.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path htpasswd = dir.resolve("htpasswd");
        Process tool = new ProcessBuilder("htpasswd", "-b", "-c", "-B", htpasswd.toString(), USER, PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("htpasswd.out").toFile()).start();
        assertTrue(tool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, tool.exitValue(), Files.readString(dir.resolve("htpasswd.out")));

        int webPort = LauncherProcess.freePort();
        monitor = MonitorRun.start(Map.of(), "--interval", "1", "--web", "127.0.0.1:" + webPort,
                "http://127.0.0.1:" + LauncherProcess.freePort() + "/");
        TomcatItSupport.awaitCondition("the web view listening", Duration.ofSeconds(30),
                () -> monitor.err().contains("web view at http://127.0.0.1:" + webPort + "/"));

        apachePort = LauncherProcess.freePort();
        Path root = dir.resolve("apache");
        StringBuilder conf = ApacheHttpd.baseConfig(root, apachePort, "mpm_event", "authz_core", "authz_user",
                "authn_core", "authn_file", "auth_basic", "proxy", "proxy_http", "headers", "env");
        conf.append("Define LUSTRE_MONITOR_WEB http://127.0.0.1:").append(webPort).append("/\n")
                .append("Define LUSTRE_MONITOR_WEB_HTPASSWD ").append(htpasswd).append('\n')
                .append("Include ").append(SNIPPET).append('\n');
        Path confFile = root.resolve("httpd.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        apache = new ProcessBuilder(ApacheHttpd.HTTPD.toString(), "-d", root.toString(), "-f", confFile.toString(),
                "-X")
                .redirectErrorStream(true).redirectOutput(root.resolve("logs/stdout.log").toFile()).start();
        TomcatItSupport.awaitCondition("Apache httpd listening on " + apachePort, Duration.ofSeconds(30), () -> {
            if (!apache.isAlive()) {
                throw new IllegalStateException("Apache httpd exited with " + apache.exitValue() + ": " + log(root));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", apachePort), 1_000);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static String log(Path root) {
        try {
            return Files.readString(root.resolve("logs/stdout.log")) + Files.readString(root.resolve("logs/error.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (apache != null) {
                apache.destroy();
                if (!apache.waitFor(30, TimeUnit.SECONDS)) {
                    apache.destroyForcibly();
                }
            }
        } finally {
            if (monitor != null) {
                monitor.stop();
            }
        }
    }

    private static HttpRequest.Builder request(String path, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apachePort + "/lustre-monitor/"
                + path)).timeout(Duration.ofSeconds(20));
        if (password != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private static HttpResponse<String> get(String path, String password) throws Exception {
        return HTTP.send(request(path, password).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheRightPasswordNothingPasses() throws Exception {
        assertEquals(401, get("", null).statusCode());
        assertEquals(401, get("api/status", null).statusCode());
        assertEquals(401, get("api/traps?since=0", "wrong").statusCode());
    }

    @Test
    void withItThePageAndItsApiPassWithTheMonitorsSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("", PASSWORD);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("src=\"app.js\""), page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'"), "the monitor's CSP passes: " + page.headers().map());
        assertEquals(200, get("app.js", PASSWORD).statusCode());
        JsonNode status = JSON.readTree(get("api/status", PASSWORD).body());
        assertEquals(1, status.path("collectors").size(), status.toString());
    }

    @Test
    void onlyGetPasses() throws Exception {
        HttpResponse<String> post = HTTP.send(request("api/status", PASSWORD)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(post.statusCode() == 403 || post.statusCode() == 405, "refused: " + post.statusCode());
    }

    @Test
    void theLiveFeedIsNotHeldBackByApache() throws Exception {
        HttpResponse<InputStream> events = HTTP.send(request("api/events", PASSWORD).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, events.statusCode());
        BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8));
        // the monitor sends a status at once; it must come through Apache without waiting for more
        CompletableFuture<Boolean> status = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("event: status")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            assertTrue(status.get(15, TimeUnit.SECONDS), "a status event through Apache");
        } finally {
            events.body().close();
        }
    }
}
