package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.trap.MutableInstantSource;
import org.w3c.dom.Document;

/**
 * Fuzzes the XML-RPC endpoint in-process, through the same server object the servlet uses, with hostile
 * bodies from {@link HostileBodies}. Every answer must be an XML-RPC response, a fault only with a code
 * for a client mistake (never "internal error", the equivalent of a 5xx), without a stack trace, within
 * a deadline; threads and heap must not grow over the run.
 *
 * <p>The normal build runs {@value #DEFAULT_TRIES} cases (a few seconds). A longer run, with the seed of a
 * failed run to reproduce it:
 * <pre>mvn -B test -Dtest=XmlRpcFuzzTest -Dfuzz.tries=1000000 [-Dfuzz.seed=N]</pre>
 */
class XmlRpcFuzzTest {
    static final int DEFAULT_TRIES = 500;
    private static final int MAX_BODY = 64 * 1024;
    private static final Set<Integer> CLIENT_FAULTS = Set.of(FaultCodes.PARSE_ERROR, FaultCodes.INVALID_REQUEST,
            FaultCodes.METHOD_NOT_FOUND, FaultCodes.INVALID_PARAMS, FaultCodes.NOT_FOUND);

    private static final XPath XPATH = XPathFactory.newInstance().newXPath();
    private static final DocumentBuilderFactory DOCUMENTS = secureDocuments();

    @TempDir
    Path dir;

    @Test
    void hostileBodiesGetAnXmlRpcAnswerWithoutInternalErrorsHangsOrGrowth() throws Exception {
        int tries = Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        CollectorXmlRpcServer server = new CollectorXmlRpcServer(new RequestLimits(MAX_BODY, RequestLimits.MAX_DEPTH));
        TestCollector collector = RpcTestSupport.collector(dir.resolve("traps"), new MutableInstantSource(1_800_000_000L));
        server.setHandlerMapping(RpcTestSupport.mapping(new TrapRpc(collector.store(), collector.loop())));
        Random random = new Random(seed);
        HostileBodies bodies = new HostileBodies(random, MAX_BODY);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            // Warm up, so that classes loaded and caches filled on first use do not count as growth.
            for (int i = 0; i < 100; i++) {
                exchange(caller, server, bodies.next(), random.nextBoolean(), seed, -1);
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int threadsBefore = threads.getThreadCount();
            long heapBefore = usedHeapAfterGc();

            for (int i = 0; i < tries; i++) {
                exchange(caller, server, bodies.next(), random.nextBoolean(), seed, i);
            }

            assertTrue(threads.getThreadCount() <= threadsBefore + 1,
                    "threads grew from " + threadsBefore + " to " + threads.getThreadCount() + " (seed " + seed + ")");
            long heapAfter = usedHeapAfterGc();
            assertTrue(heapAfter <= heapBefore + 64L * 1024 * 1024,
                    "heap grew from " + heapBefore + " to " + heapAfter + " bytes (seed " + seed + ")");
        } finally {
            caller.shutdownNow();
        }
    }

    private static void exchange(ExecutorService caller, CollectorXmlRpcServer server, byte[] body,
                                 boolean withContentLength, long seed, int index) throws Exception {
        String what = "case " + index + " of seed " + seed + ": " + preview(body);
        Future<StandInExchange.Answer> future = caller.submit(() -> StandInExchange.post(server, body, withContentLength));
        StandInExchange.Answer answer;
        try {
            answer = future.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("no answer within 10 s: " + what);
            return;
        }
        assertEquals(200, answer.status(), what);
        Document response;
        try {
            response = parse(answer.body());
        } catch (Exception e) {
            fail("not an XML answer (" + e.getMessage() + "): " + what + "\nanswer: " + preview(answer.body()));
            return;
        }
        assertEquals("methodResponse", response.getDocumentElement().getNodeName(), what);
        String code = XPATH.evaluate(
                "/methodResponse/fault/value/struct/member[name='faultCode']/value/*", response);
        if (!code.isEmpty()) {
            assertTrue(CLIENT_FAULTS.contains(Integer.parseInt(code.trim())), "fault " + code + ": " + what
                    + "\nanswer: " + preview(answer.body()));
            String message = XPATH.evaluate(
                    "/methodResponse/fault/value/struct/member[name='faultString']/value", response);
            assertFalse(message.contains("\tat ") || message.contains("Exception"), "a stack trace or exception "
                    + "name in the fault: " + message + "\n" + what);
        }
    }

    private static DocumentBuilderFactory secureDocuments() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory;
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parse(byte[] xml) throws Exception {
        return DOCUMENTS.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return body.length + " bytes: " + text + (body.length > 300 ? "..." : "");
    }
}
