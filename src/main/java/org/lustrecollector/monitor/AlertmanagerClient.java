package org.lustrecollector.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One Alertmanager's API v2: posts alerts ({@code POST <url>/api/v2/alerts}, one JSON array a batch) and
 * counts the active Lustre ones for --status.
 */
final class AlertmanagerClient implements AlertSink {
    private static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final URI alerts;
    private final HttpClient http;
    private final Duration timeout;

    AlertmanagerClient(String url, Duration timeout) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(base);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL of an Alertmanager: " + url);
        }
        this.name = base;
        this.alerts = URI.create(base + "/api/v2/alerts");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return name;
    }

    /** Sends the batch; throws with the reason when Alertmanager did not take it. */
    @Override
    public void post(List<Alert> batch) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(alerts).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(batch))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IOException("HTTP " + response.statusCode() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body).strip());
        }
    }

    /**
     * {@code GET <url>/api/v2/alerts} of the alerts named {@code Lustre*}: how many are active, per severity
     * (for --status).
     */
    Map<String, Integer> activeLustreAlerts() throws IOException, InterruptedException {
        String filter = URLEncoder.encode("alertname=~\"Lustre.*\"", StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(alerts + "?active=true&filter=" + filter))
                .timeout(timeout).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        Map<String, Integer> bySeverity = new TreeMap<>();
        try (JsonParser p = JSON.createParser(response.body())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a list of alerts");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String severity = "";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("labels".equals(field) && value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String label = p.currentName();
                            p.nextToken();
                            if ("severity".equals(label)) {
                                severity = p.getText();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                bySeverity.merge(severity.isEmpty() ? "none" : severity, 1, Integer::sum);
            }
        }
        return bySeverity;
    }

    static byte[] json(List<Alert> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * batch.size() + 16);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (Alert a : batch) {
                g.writeStartObject();
                writeMap(g, "labels", a.labels());
                writeMap(g, "annotations", a.annotations());
                g.writeStringField("startsAt", a.startsAt().toString());
                if (!a.endsAt().equals(Instant.MAX)) {
                    g.writeStringField("endsAt", a.endsAt().toString());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
