package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;

/**
 * {@link TrapWaiters} in a real (embedded) Tomcat with plain socket clients: every waiter is answered exactly
 * once, waiters given the same time share one encoded answer per batch, and clients that do not read their
 * answers delay neither the others nor the thread that stores the batch.
 */
class TrapWaitersTest {
    private static final long NOW = 1_800_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final MutableInstantSource clock = new MutableInstantSource(NOW);
    private final AtomicInteger encodes = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();
    private TestCollector collector;
    private TrapWaiters waiters;
    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void start() throws Exception {
        collector = RpcTestSupport.collector(dir.resolve("traps"), clock);
        waiters = new TrapWaiters(collector.store(), 100, Duration.ofSeconds(60));
        XmlRpcExchange.Waits counting = (wait, request, reply) -> waiters.suspend(wait, request, result -> {
            encodes.incrementAndGet();
            return reply.encode(result);
        });
        CollectorXmlRpcServer server = new CollectorXmlRpcServer(CollectorXmlRpcServerTest.LIMITS,
                LargeAnswers.forHeap(), counting);
        server.setHandlerMapping(RpcTestSupport.mapping(new TrapRpc(collector.store(), collector.loop(), waiters)));

        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
        // longer than DEADLINE: a writer blocked on a client that does not read would show
        connector.setProperty("connectionTimeout", "60000");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", dir.resolve("docs").toFile().getAbsolutePath());
        dir.resolve("docs").toFile().mkdirs();
        Wrapper wrapper = Tomcat.addServlet(context, "xmlrpc", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                server.execute(request, response);
            }
        });
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/", "xmlrpc");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        waiters.close();
        for (Socket s : sockets) {
            s.close();
        }
        tomcat.stop();
        tomcat.destroy();
    }

    private static Trap trap(String id, int messageChars) {
        return new Trap(id, NOW - 100, Category.CRITICAL, "fs", "node", "message " + id + " " + "x".repeat(messageChars));
    }

    private Socket connect(int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        sockets.add(s);
        return s;
    }

    private static void post(Socket s, String method, int... params) throws IOException {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (int p : params) {
            body.append("<param><value><int>").append(p).append("</int></value></param>");
        }
        body.append("</params></methodCall>");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " + bytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** One whole HTTP response's body (Content-Length framed). */
    private static byte[] readAnswer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the headers");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        assertTrue(headers.startsWith("HTTP/1.1 200"), headers);
        int at = headers.toLowerCase().indexOf("content-length:");
        assertTrue(at >= 0, "framed by Content-Length: " + headers);
        int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf('\r', at)).trim());
        return in.readNBytes(length);
    }

    /** Nothing more arrives on {@code s} for a moment after its answer: no second answer to one call. */
    private static void assertNothingMore(Socket s) throws IOException {
        s.setSoTimeout(300);
        try {
            int b = s.getInputStream().read();
            throw new AssertionError("more bytes after the answer: " + b);
        } catch (java.net.SocketTimeoutException expected) {
            // nothing more
        }
    }

    private void awaitWaiting(int n) {
        Awaitility.await(n + " waiting").atMost(DEADLINE).until(() -> waiters.waiting() == n);
    }

    @Test
    void waitersWithTheSameTimeShareOneEncodedAnswerPerBatchAndEachIsAnsweredOnce() throws Exception {
        List<Socket> early = new ArrayList<>();
        List<Socket> late = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Socket s = connect(0);
            post(s, "waitTraps", (int) NOW, 60);
            early.add(s);
        }
        for (int i = 0; i < 5; i++) {
            Socket s = connect(0);
            post(s, "waitTraps", (int) NOW - 1, 60);
            late.add(s);
        }
        awaitWaiting(17);
        encodes.set(0);

        collector.store().add(trap("one", 10));

        byte[] first = readAnswer(early.get(0));
        for (Socket s : early) {
            byte[] answer = s == early.get(0) ? first : readAnswer(s);
            assertArrayEquals(first, answer, "the same time, the same batch: the same bytes");
            assertTrue(new String(answer, StandardCharsets.UTF_8).contains("message one"));
        }
        byte[] other = readAnswer(late.get(0));
        for (Socket s : late) {
            assertArrayEquals(other, s == late.get(0) ? other : readAnswer(s));
        }
        assertEquals(2, encodes.get(), "one answer written per distinct time");
        for (Socket s : early) {
            assertNothingMore(s);
        }
        assertEquals(0, waiters.waiting());
        Awaitility.await("nothing left to answer").atMost(DEADLINE).until(() -> waiters.answering() == 0);
    }

    @Test
    void clientsThatDoNotReadDelayNeitherTheOthersNorTheStore() throws Exception {
        // Answers far larger than the socket buffers of a client that reads nothing.
        for (int i = 0; i < 200; i++) {
            collector.store().add(trap("big" + i, 2_000));
        }
        clock.advance(5);
        int stalled = 12;
        for (int i = 0; i < stalled; i++) {
            Socket s = connect(1024);
            post(s, "waitTraps", (int) NOW + 5, 60);
        }
        List<Socket> readers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = connect(0);
            post(s, "waitTraps", (int) NOW + 5, 60);
            readers.add(s);
        }
        awaitWaiting(stalled + 20);

        // Each stored trap wakes every waiter given the time; the store's thread only queues them.
        collector.store().add(trap("wake", 10));
        for (Socket s : readers) {
            s.setSoTimeout((int) DEADLINE.toMillis());
            String answer = new String(readAnswer(s), StandardCharsets.UTF_8);
            assertTrue(answer.contains("message wake"), "answered despite the clients that read nothing");
        }
        // And the next calls are answered too, while the stalled answers are still unsent.
        Socket poller = connect(0);
        post(poller, "getTraps", (int) NOW + 5);
        poller.setSoTimeout((int) DEADLINE.toMillis());
        assertTrue(new String(readAnswer(poller), StandardCharsets.UTF_8).contains("message wake"));
    }

    @Test
    void aWaiterIsAnsweredOnceWhetherItsBatchOrItsTimeoutComesFirst() throws Exception {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Socket s = connect(0);
            post(s, "waitTraps", (int) NOW + 1, 1);
            clients.add(s);
        }
        awaitWaiting(30);
        // As soon as the first timeout has answered, a batch: the rest go by the batch or by their timeout,
        // none twice or never.
        Awaitility.await("a first timeout").atMost(DEADLINE).pollInterval(Duration.ofMillis(1))
                .until(() -> clients.stream().anyMatch(s -> {
                    try {
                        return s.getInputStream().available() > 0;
                    } catch (IOException e) {
                        return true;
                    }
                }));
        clock.advance(1);
        collector.store().add(trap("edge", 10));
        for (Socket s : clients) {
            s.setSoTimeout((int) DEADLINE.toMillis());
            readAnswer(s);
        }
        for (Socket s : clients) {
            assertNothingMore(s);
        }
        assertEquals(0, waiters.waiting());
        Awaitility.await("nothing left to answer").atMost(DEADLINE).until(() -> waiters.answering() == 0);
    }

    @Test
    void closeAnswersEveryWaiterOnceAndTakesNoMore() throws Exception {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Socket s = connect(0);
            post(s, "waitTraps", (int) NOW + 10, 60);
            clients.add(s);
        }
        awaitWaiting(10);
        waiters.close();
        for (Socket s : clients) {
            s.setSoTimeout((int) DEADLINE.toMillis());
            String answer = new String(readAnswer(s), StandardCharsets.UTF_8);
            assertTrue(answer.contains("<value><array><data/></array></value><value><i4>"), "nothing yet: " + answer);
            assertNothingMore(s);
        }
        Socket after = clients.get(0);
        post(after, "waitTraps", (int) NOW + 10, 60);
        after.setSoTimeout((int) DEADLINE.toMillis());
        readAnswer(after);
        assertEquals(0, waiters.waiting());
    }
}
