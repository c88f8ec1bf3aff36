package org.lustrecollector.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

/**
 * Debian's real Alertmanager (package prometheus-alertmanager, installed by .ci/run) on a free loopback port,
 * with scratch storage and clustering off; never the system service. Restartable on the same port and
 * storage, as an administrator restarts one.
 */
public final class AlertmanagerProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path folder;
    private final int port;
    private Process process;

    private AlertmanagerProcess(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** Starts one in {@code folder} with the given configuration (a receiver that sends nothing by default). */
    public static AlertmanagerProcess start(Path folder, String config) throws IOException {
        Files.createDirectories(folder.resolve("data"));
        Files.writeString(folder.resolve("alertmanager.yml"), config);
        AlertmanagerProcess am = new AlertmanagerProcess(folder, freePort());
        am.launch();
        return am;
    }

    /**
     * The shipped conf/alertmanager/alertmanager.yml (its routes and inhibition rules) with receivers that send
     * nothing: for what Alertmanager's API shows, not for notifications.
     */
    public static String shippedConfig() throws IOException {
        String shipped = Files.readString(Path.of("conf/alertmanager/alertmanager.yml"));
        return shipped.substring(0, shipped.indexOf("\nreceivers:"))
                + "\nreceivers:\n  - name: lustre-admins\n  - name: lustre-oncall\n";
    }

    public static AlertmanagerProcess start(Path folder) throws IOException {
        return start(folder, "route:\n  receiver: none\n  group_by: [alertname, fs]\nreceivers:\n  - name: none\n");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install prometheus-alertmanager (.ci/run does)");
        }
        process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + folder.resolve("alertmanager.yml"),
                "--storage.path=" + folder.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(folder.resolve("alertmanager.log").toFile()).start();
        Awaitility.await("Alertmanager on port " + port).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(this::ready);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Alertmanager exited: " + log());
        }
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    String log() {
        try {
            return Files.readString(folder.resolve("alertmanager.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Stops it, runs {@code whileDown}, and starts it again on the same port; with {@code wipe}, its storage
     * (silences, notification log) is gone too, as on a new host. Alerts live in its memory only.
     */
    public void restart(boolean wipe, Runnable whileDown) throws IOException {
        stop();
        whileDown.run();
        if (wipe) {
            try (var files = Files.list(folder.resolve("data"))) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
        launch();
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** GET /api/v2/alerts: every alert it holds that has not ended (a resolved alert is not listed). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> alerts() {
        try {
            HttpResponse<String> r = get("/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET /api/v2/alerts: HTTP " + r.statusCode() + " " + r.body());
            }
            return new ArrayList<>(JSON.readValue(r.body(), List.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alerts with this alertname, state "active" or not. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> alerts(String alertname) {
        return alerts().stream().filter(a -> alertname.equals(((Map<String, Object>) a.get("labels"))
                .get("alertname"))).toList();
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }
}
