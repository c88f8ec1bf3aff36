package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The live feed over real HTTP: a browser that stops reading delays no other. */
class EventStreamTest {
    @Test
    void aClientThatStopsReadingDoesNotHoldUpTheOthers() throws Exception {
        Clock clock = Clock.systemUTC();
        List<String> collectors = List.of("http://mds1/");
        CollectorBoard board = new CollectorBoard(collectors, 0);
        Dashboard dashboard = new Dashboard(new TrapLog(DashboardServer.TRAPS_HELD, clock), board,
                new LustreView(collectors, board), new OutageView(), clock);
        String message = "x".repeat(2_000);
        try (DashboardServer server = new DashboardServer(new WebAddress("127.0.0.1", 0), dashboard, List.of(),
                Duration.ofSeconds(5));
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush(); // and never read

            HttpClient http = HttpClient.newHttpClient();
            InputStream body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/events")).build(), HttpResponse.BodyHandlers.ofInputStream()).body();
            AtomicLong lastId = new AtomicLong();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("id: ")) {
                            lastId.set(Long.parseLong(line.substring(4)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            }, "test-sse-reader");
            reader.setDaemon(true);
            reader.start();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.events().clients() == 2);

            // 40 bursts of 500 traps of 2 kB: some 40 MB for the stalled client, whose buffers fill early
            for (int burst = 0; burst < 40; burst++) {
                for (int i = 0; i < 500; i++) {
                    dashboard.trap("t" + burst + "-" + i, 1, 1, "lustre", "lustre-OST0001", message, collectors.get(0));
                }
                long last = dashboard.traps().next() - 1;
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lastId.get() == last);
            }
            assertTrue(server.events().clients() >= 1);
            body.close();
        }
    }
}
