package org.lustrecollector.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a starting collector a cheap question, getLastTimestamp (an answer of a few dozen bytes), to tell when
 * it answers. getTraps(0) would do too, but a collector holding 100,000 traps answers it with some 23 MB,
 * every 250 ms while the launcher waits. Wildcard listen addresses are asked on loopback.
 */
final class CollectorProbe {
    enum Answer { ANSWERS, REFUSED, NONE }

    static final String GET_LAST_TIMESTAMP = "<?xml version=\"1.0\"?><methodCall>"
            + "<methodName>getLastTimestamp</methodName><params/></methodCall>";

    private final URI uri;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    CollectorProbe(String host, int port) {
        String address = switch (host) {
            case "0.0.0.0", "*" -> "127.0.0.1";
            case "::", "[::]", "0:0:0:0:0:0:0:0" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        this.uri = URI.create("http://" + address + ":" + port + "/");
    }

    URI uri() {
        return uri;
    }

    /**
     * ANSWERS: an XML-RPC answer; REFUSED: HTTP 403, the allow list keeps this host out but Tomcat and the
     * collector's filter answer; NONE: nothing yet (no connection, or not the collector yet).
     */
    Answer ask() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(GET_LAST_TIMESTAMP)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("<methodResponse")) {
                return Answer.ANSWERS;
            }
            return response.statusCode() == 403 ? Answer.REFUSED : Answer.NONE;
        } catch (IOException e) {
            return Answer.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NONE;
        }
    }
}
