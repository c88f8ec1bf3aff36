package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.logging.RecordingLogHandler;
import org.lustrecollector.trap.MutableInstantSource;
import org.w3c.dom.Document;

/**
 * Faults speak the client's language: bounded in length whatever the client sent, and free of the XML-RPC
 * library's and the XML parser's own wording. Log lines about refused calls are bounded too.
 */
class FaultMessagesTest {
    private static final int MAX_BODY = 2 << 20;
    private static final int MAX_FAULT_CHARS = 400;
    /** Words of the library's or the XML parser's messages, none of which a client can act on. */
    private static final List<String> INTERNALS = List.of("isEnabledForExtensions", "org.apache", "apache.org",
            "Exception", "Invalid state", "Failed to", "Expected ", "got {", "Unexpected ", "SAX", "Xerces",
            "content of elements", "must be", "prolog", "entity", "markup", "Invalid byte", "handler");
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @TempDir
    Path dir;

    private final RecordingLogHandler log = new RecordingLogHandler();
    private CollectorXmlRpcServer server;

    @BeforeEach
    void build() throws Exception {
        server = new CollectorXmlRpcServer(new RequestLimits(MAX_BODY, RequestLimits.MAX_DEPTH));
        TestCollector collector = RpcTestSupport.collector(dir.resolve("traps"), new MutableInstantSource(1_800_000_000L));
        server.setHandlerMapping(RpcTestSupport.mapping(new TrapRpc(collector.store(), collector.loop())));
        log.attachTo(CollectorXmlRpcServer.class);
    }

    @AfterEach
    void detach() {
        log.detach();
    }

    @Test
    void hostileBodiesGetPlainBoundedFaults() throws Exception {
        long seed = new Random().nextLong();
        HostileBodies bodies = new HostileBodies(new Random(seed), 64 * 1024);
        int faults = 0;
        for (int i = 0; i < 300; i++) {
            byte[] body = bodies.next();
            String fault = faultString(post(body));
            if (fault != null) {
                faults++;
                assertPlain(fault, "seed " + seed + ", case " + i + ": "
                        + new String(body, 0, Math.min(200, body.length), StandardCharsets.UTF_8));
            }
        }
        assertTrue(faults > 100, "most hostile bodies are refused: " + faults);
    }

    @Test
    void aMegabyteMethodNameGivesABoundedFaultAndLogLine() throws Exception {
        String name = "m".repeat(1 << 20);
        String fault = faultString(post(call(name, "")));
        assertPlain(fault, "unknown method");
        assertTrue(fault.startsWith("Unknown method: mmm"), fault);
        assertTrue(log.messages().stream().allMatch(m -> m.length() < 1000), "a log line of "
                + log.messages().stream().mapToInt(String::length).max().orElse(0) + " characters");
    }

    @Test
    void aMegabyteValueThatDoesNotParseGivesABoundedFault() throws Exception {
        String fault = faultString(post(call("getTraps",
                "<param><value><int>" + "9".repeat(1 << 20) + "</int></value></param>")));
        assertPlain(fault, "huge int");
        assertTrue(fault.startsWith("Not a valid XML-RPC request: cannot parse '999"), fault);
    }

    @Test
    void thousandsOfParametersAreNotAllNamedInTheFault() throws Exception {
        String fault = faultString(post(call("getTraps",
                "<param><value><int>1</int></value></param>".repeat(20_000))));
        assertPlain(fault, "20,000 parameters");
        assertTrue(fault.startsWith("getTraps expects (int time); got (int, int"), fault);
        assertTrue(fault.contains("20000 parameters in all"), fault);
    }

    @Test
    void theLibrarysWordsAreReplacedByPlainOnes() throws Exception {
        assertEquals("Not a valid XML-RPC request: <i8> is not a type the collector accepts",
                faultString(post(call("getTraps", "<param><value><i8>1</i8></value></param>"))));
        assertEquals("Not a valid XML-RPC request: the root element is <hello>, not <methodCall>",
                faultString(post("<hello/>".getBytes(StandardCharsets.UTF_8))));
        assertEquals("Not a valid XML-RPC request: cannot parse 'soon' as <int>",
                faultString(post(call("getTraps", "<param><value><int>soon</int></value></param>"))));
        assertEquals("Request is not well-formed XML: the error is at line 1, column 13",
                faultString(post("<methodCall>".getBytes(StandardCharsets.UTF_8))));
        String doctype = faultString(post(("<?xml version=\"1.0\"?><!-- c --><!DOCTYPE m [<!ENTITY x \"y\">]>"
                + "<methodCall/>").getBytes(StandardCharsets.UTF_16)));
        assertTrue(doctype.startsWith("Request has a DOCTYPE"), doctype);
    }

    private static void assertPlain(String fault, String what) {
        assertTrue(fault.length() <= MAX_FAULT_CHARS, "a fault of " + fault.length() + " characters: " + what);
        for (String word : INTERNALS) {
            assertFalse(fault.contains(word), "'" + word + "' in the fault '" + fault + "': " + what);
        }
    }

    private static byte[] call(String method, String params) {
        return ("<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>").getBytes(StandardCharsets.UTF_8);
    }

    private StandInExchange.Answer post(byte[] body) throws Exception {
        return StandInExchange.post(server, body, true);
    }

    /** The fault string of the answer, or null for a result. */
    private static String faultString(StandInExchange.Answer answer) throws Exception {
        assertEquals(200, answer.status());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body()));
        if (XPATH.evaluate("/methodResponse/fault", doc).isEmpty()
                && XPATH.evaluate("count(/methodResponse/fault)", doc).equals("0")) {
            return null;
        }
        return XPATH.evaluate("/methodResponse/fault/value/struct/member[name='faultString']/value", doc);
    }
}
