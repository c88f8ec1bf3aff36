package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lustrecollector.launcher.ConnectorLimits;
import org.lustrecollector.launcher.TomcatCommand;

/**
 * Hostile clients on loopback against the launcher's own Tomcat (tomcat/bin/lustre-collector, foreground),
 * started with a 96 MiB heap so that its connection limit (derived from the heap, {@link ConnectorLimits}) is
 * small enough to exceed cheaply: slowloris connections trickling header bytes, more of them than the limit;
 * slow bodies on more connections than Tomcat has request threads; malformed requests that Tomcat answers
 * itself. Every attack is bounded in connections and time and ends by itself. docs/security.md, "What it
 * survives", has the figures.
 */
class HostileClientsIT {
    private static final String HEAP = "-Xmx96m";
    private static final int MAX_CONNECTIONS = ConnectorLimits.forJvmOptions(
            List.of(String.join(" ", TomcatCommand.JVM_OPTIONS), HEAP)).maxConnections();
    /** More than the limit, fewer than the limit and the backlog together, so every connect succeeds. */
    private static final int SLOWLORIS = MAX_CONNECTIONS + ConnectorLimits.ACCEPT_COUNT / 2;
    private static final int REQUEST_THREADS = 32;
    private static final String CALL = "<?xml version=\"1.0\"?><methodCall><methodName>getLastTimestamp</methodName>"
            + "<params/></methodCall>";

    private static Path dir;
    private static Process collector;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("hostile");
        port = LauncherProcess.freePort();
        Path base = dir.resolve("base");
        ProcessBuilder pb = new ProcessBuilder(LauncherProcess.LAUNCHER.toString(), "--demo", "--port",
                String.valueOf(port), "--trapfile", dir.resolve("traps").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("launcher.out").toFile());
        pb.environment().put("LUSTRE_COLLECTOR_BASE", base.toString());
        pb.environment().put("HOME", dir.resolve("home").toString());
        // The site's CATALINA_OPTS come last and win; the launcher derives the limits from this heap.
        pb.environment().put("CATALINA_OPTS", HEAP);
        collector = pb.start();
        Awaitility.await("the collector answers on port " + port).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> call(Duration.ofSeconds(2)).statusCode() == 200);
        String opts = Files.readString(Path.of("/proc/" + collector.pid() + "/cmdline"), StandardCharsets.UTF_8);
        assertTrue(opts.contains("-Dlustre.tomcat.maxConnections=" + MAX_CONNECTIONS), opts);
    }

    @AfterAll
    static void stop() throws Exception {
        if (collector != null) {
            collector.destroy();
            collector.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** A new client each time: a pooled kept-alive connection would skip the accept the attacks compete for. */
    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(60)).build();
    }

    private static HttpResponse<String> call(Duration timeout) throws IOException, InterruptedException {
        return client().send(request(timeout), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> callAsync(Duration timeout) {
        return client().sendAsync(request(timeout), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(timeout)
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(CALL)).build();
    }

    private static void assertAnswered(HttpResponse<String> answer) {
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("<methodResponse><params>"), answer.body());
    }

    /** The collector's listening socket as ss shows it (Recv-Q: connections waiting to be accepted). */
    private static String listenQueue() {
        try {
            return Commands.run(dir, java.util.Map.of(), Duration.ofSeconds(10), "ss", "-ltn", "sport = :" + port).output();
        } catch (IOException | InterruptedException e) {
            return "(ss failed: " + e + ")";
        }
    }

    /** Tomcat's acceptor thread of the HTTP connector, seen in a thread dump of the collector's JVM. */
    private static boolean acceptorAlive() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Commands.Result dump = Commands.run(dir, java.util.Map.of(), Duration.ofSeconds(60),
                Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", String.valueOf(collector.pid()), "Thread.print");
        return dump.status() == 0 && dump.output().contains("\"http-nio-127.0.0.1-" + port + "-Acceptor\"");
    }

    /**
     * Connections that send the start of a request and then one header byte every {@code gap}: a slowloris.
     * Closed at the latest after {@code lasting}.
     */
    private static final class Slowloris implements AutoCloseable {
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        volatile int dropped;

        Slowloris(int connections, Duration gap, Duration lasting) throws IOException {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            trickle.scheduleAtFixedRate(this::oneByteEach, gap.toMillis(), gap.toMillis(), TimeUnit.MILLISECONDS);
            trickle.schedule(this::close, lasting.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void oneByteEach() {
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write('a');
                } catch (IOException closedByTomcat) {
                    sockets.remove(socket);
                    dropped++;
                }
            }
        }

        @Override
        public void close() {
            trickle.shutdownNow();
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            sockets.clear();
        }
    }

    /**
     * More slowloris connections than maxConnections, each trickling a header byte every 2 s (inside the 4 s
     * connectionTimeout, so Tomcat keeps them): a call made meanwhile may wait in the backlog, since that is
     * what the limit is for, and is answered at the latest when the attack ends; the acceptor survives and the same
     * JVM answers the next call at once. Without the limit this many connections, at ~31 KiB each, grew the
     * heap until an OutOfMemoryError killed the acceptor.
     */
    @Test
    void slowlorisBeyondMaxConnectionsDelaysCallsButNeverStopsTheAcceptor() throws Exception {
        long pid = collector.pid();
        CompletableFuture<HttpResponse<String>> during;
        try (Slowloris attack = new Slowloris(SLOWLORIS, Duration.ofSeconds(2), Duration.ofSeconds(30))) {
            during = callAsync(Duration.ofSeconds(60));
            // Whether the call waits in the backlog or slips in as a slowloris connection is closed depends
            // on timing; what must hold is that the attack was kept and the collector answers in the end.
            assertEquals(0, attack.dropped, "Tomcat dropped slowloris connections that kept to the timeout; "
                    + listenQueue());
            assertTrue(acceptorAlive(), "acceptor thread alive during the attack");
        }
        assertAnswered(during.get(15, TimeUnit.SECONDS));
        long started = System.nanoTime();
        assertAnswered(call(Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "answered within 2 s after the attack");
        assertTrue(acceptorAlive(), "acceptor thread alive after the attack");
        assertEquals(pid, collector.pid());
        assertTrue(collector.isAlive(), "the same JVM, not a restarted one");
    }

    /**
     * The slowloris, one header byte every 5 s, on more connections than maxConnections: the 4 s
     * connectionTimeout drops them, and a call made during the attack is answered while it goes on.
     */
    @Test
    void slowlorisWithGapsPastTheConnectionTimeoutIsDroppedAndCallsAreAnsweredDuringIt() throws Exception {
        try (Slowloris attack = new Slowloris(SLOWLORIS, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            long started = System.nanoTime();
            assertAnswered(callAsync(Duration.ofSeconds(20)).get(15, TimeUnit.SECONDS));
            long took = System.nanoTime() - started;
            assertTrue(took < TimeUnit.SECONDS.toNanos(10), "answered within 10 s during the attack: " + took / 1_000_000 + " ms");
            assertTrue(acceptorAlive());
        }
    }

    /**
     * More slow bodies than Tomcat has request threads (48 > 32), each declaring 1000 bytes and sending one
     * every 2 s: none holds a thread while it trickles, so a normal call is answered within 2 s meanwhile; each
     * gets 408 once its 5 s deadline passes, well before its body could have arrived (2000 s).
     */
    @Test
    void slowBodiesHoldNoRequestThreadAndGet408AtTheDeadline() throws Exception {
        int connections = REQUEST_THREADS + 16;
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            List<Future<String>> answers = new ArrayList<>();
            List<Long> opened = new CopyOnWriteArrayList<>();
            for (int i = 0; i < connections; i++) {
                answers.add(clients.submit(() -> slowBody(opened)));
            }
            Awaitility.await("all slow bodies started").atMost(Duration.ofSeconds(10)).until(() -> opened.size() == connections);
            long started = System.nanoTime();
            assertAnswered(call(Duration.ofSeconds(5)));
            long took = System.nanoTime() - started;
            assertTrue(took < TimeUnit.SECONDS.toNanos(2), "a normal call during 48 slow bodies took " + took / 1_000_000 + " ms");
            for (Future<String> answer : answers) {
                String said = answer.get(30, TimeUnit.SECONDS);
                assertTrue(said.startsWith("HTTP/1.1 408 "), said);
                assertTrue(said.contains("the request body did not arrive within 5000 ms"), said);
                assertTrue(said.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), said);
                assertTrue(said.contains("(closed after "), said);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * One slow body: headers at once, then a body byte every 2 s until the answer (at most 15 bytes, 30 s).
     * Returns what it was answered and whether and when the connection was closed.
     */
    private static String slowBody(List<Long> opened) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<")
                    .getBytes(StandardCharsets.US_ASCII));
            opened.add(start);
            // The 2 s pause is the attack itself (one byte per gap), not a wait for anything: the read timeout
            // paces it, and the end of the answer ends it.
            socket.setSoTimeout(2_000);
            return readAll(socket, () -> out.write('a'), 15, start);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Reads until the server closes the connection; on each read timeout runs {@code onTimeout}, at most {@code times}. */
    private static String readAll(Socket socket, Step onTimeout, int times, long start) throws IOException {
        InputStream in = socket.getInputStream();
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int timeouts = 0; timeouts < times; ) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8) + "\n(closed after " + (System.nanoTime() - start) / 1_000_000 + " ms)";
                }
                answer.write(buffer, 0, n);
            } catch (SocketTimeoutException noMoreYet) {
                timeouts++;
                try {
                    onTimeout.run();
                } catch (IOException closed) {
                    return answer.toString(StandardCharsets.UTF_8) + "\n(write failed: " + closed.getMessage() + ")";
                }
            }
        }
        return answer.toString(StandardCharsets.UTF_8) + "\n(not closed)";
    }

    private static String raw(String from, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String said = readAll(socket, () -> { }, 1, System.nanoTime());
            return said.substring(0, said.lastIndexOf("\n("));
        }
    }

    private static void assertOwnPage(String answer, int status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
        assertTrue(answer.endsWith("\r\n\r\nHTTP " + status + "\n") || answer.contains("\r\n\r\n9\r\nHTTP " + status + "\n\r\n0"),
                answer);
        assertFalse(answer.contains("Tomcat"), answer);
        assertFalse(answer.contains("<html"), answer);
    }

    /**
     * What Tomcat answers itself (a malformed request line, an HTTP version it does not speak, a peer the
     * RemoteCIDRValve refuses, TRACE) carries the collector's own page, "HTTP <status>", as the web
     * application's errors do; every Allow header names what is served: POST and OPTIONS.
     */
    @Test
    void tomcatsOwnErrorsAreTheCollectorsPagesAndAllowHeadersAreTrue() throws Exception {
        assertOwnPage(raw("127.0.0.1", "GET /\u0001 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
        assertOwnPage(raw("127.0.0.1", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nno colon here\r\n\r\n"), 400);
        assertOwnPage(raw("127.0.0.1", "GET / HTTP/9.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 505);
        assertOwnPage(raw("127.0.0.2", "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"), 403);
        String trace = raw("127.0.0.1", "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertOwnPage(trace, 405);
        assertTrue(trace.contains("\r\nAllow: POST, OPTIONS\r\n"), trace);
        String options = raw("127.0.0.1", "OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(options.startsWith("HTTP/1.1 200 "), options);
        assertTrue(options.contains("\r\nAllow: POST, OPTIONS\r\n"), options);
        String get = raw("127.0.0.1", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(get.startsWith("HTTP/1.1 405 "), get);
        assertTrue(get.contains("\r\nAllow: POST, OPTIONS\r\n"), get);
    }
}
