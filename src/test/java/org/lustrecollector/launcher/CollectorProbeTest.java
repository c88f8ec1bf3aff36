package org.lustrecollector.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's readiness check asks getLastTimestamp, which answers in a few dozen bytes, never getTraps,
 * whose answer is some 23 MB for a collector holding 100,000 traps.
 */
class CollectorProbeTest {
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private CollectorProbe probeAnswering(int status, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return new CollectorProbe("127.0.0.1", server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void itAsksGetLastTimestampWithNoParameters() throws Exception {
        CollectorProbe probe = probeAnswering(200,
                "<?xml version=\"1.0\"?><methodResponse><params><param><value><int>0</int></value></param></params></methodResponse>");
        assertEquals(CollectorProbe.Answer.ANSWERS, probe.ask());
        assertEquals(1, bodies.size());
        String call = bodies.get(0);
        assertTrue(call.contains("<methodName>getLastTimestamp</methodName>"), call);
        assertTrue(!call.contains("getTraps"), call);
        assertTrue(call.contains("<params/>"), call);
    }

    @Test
    void a403IsRefusedAndAnythingElseIsNoAnswerYet() throws Exception {
        assertEquals(CollectorProbe.Answer.REFUSED, probeAnswering(403, "HTTP 403").ask());
        stop();
        assertEquals(CollectorProbe.Answer.NONE, probeAnswering(404, "not the collector").ask());
    }

    @Test
    void aWildcardAddressIsAskedOnLoopback() {
        assertEquals("http://127.0.0.1:8980/", new CollectorProbe("0.0.0.0", 8980).uri().toString());
        assertEquals("http://[::1]:8980/", new CollectorProbe("::", 8980).uri().toString());
    }
}
