package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.XmlRpcInvocationException;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;
import org.w3c.dom.Document;
import org.xml.sax.SAXParseException;

class CollectorXmlRpcServerTest {
    @TempDir
    Path dir;

    static final RequestLimits LIMITS = new RequestLimits(4096, RequestLimits.MAX_DEPTH);

    private final CollectorXmlRpcServer server = new CollectorXmlRpcServer(LIMITS);

    private XmlRpcException convert(Throwable error) {
        return assertInstanceOf(XmlRpcException.class, server.convertThrowable(error));
    }

    // ---- convertThrowable ----

    @Test
    void anUnknownMethodIsMethodNotFound() {
        XmlRpcException fault = convert(new XmlRpcNoSuchHandlerException("No such handler: getTrap"));
        assertEquals(FaultCodes.METHOD_NOT_FOUND, fault.code);
        assertEquals("Unknown method: getTrap; system.listMethods lists the methods", fault.getMessage());
    }

    @Test
    void aParseFailureIsParseError() {
        SAXParseException sax = new SAXParseException("XML document structures must start and end within the same entity.",
                null, null, 1, 40);
        XmlRpcException fault = convert(new XmlRpcException("Failed to parse XML-RPC request: " + sax.getMessage(), sax));
        assertEquals(FaultCodes.PARSE_ERROR, fault.code);
        assertTrue(fault.getMessage().startsWith("Request is not well-formed XML: "), fault.getMessage());
        assertTrue(fault.getMessage().contains("must start and end"), fault.getMessage());
    }

    @Test
    void anInvocationFailureIsInternalErrorWithoutItsText() {
        IllegalStateException cause = new IllegalStateException("secret detail /etc/shadow");
        XmlRpcException fault = convert(new XmlRpcInvocationException(
                "Failed to invoke method getTraps in class TrapRpc: " + cause.getMessage(), cause));
        assertEquals(FaultCodes.INTERNAL_ERROR, fault.code);
        assertFalse(fault.getMessage().contains("secret"), fault.getMessage());
        assertFalse(fault.getMessage().contains("TrapRpc"), fault.getMessage());
        assertFalse(fault.getMessage().contains("IllegalStateException"), fault.getMessage());
    }

    @Test
    void anyOtherThrowableIsInternalErrorWithoutItsText() {
        XmlRpcException fault = convert(new NullPointerException("secret detail"));
        assertEquals(FaultCodes.INTERNAL_ERROR, fault.code);
        assertFalse(fault.getMessage().contains("secret"), fault.getMessage());
    }

    @Test
    void aFaultThatAlreadyHasACodeIsKept() {
        XmlRpcException invalid = new XmlRpcException(FaultCodes.INVALID_PARAMS, "getTraps expects (int time); got ()");
        assertSame(invalid, server.convertThrowable(invalid));
    }

    @Test
    void anotherCodelessXmlRpcExceptionIsInvalidRequest() {
        XmlRpcException fault = convert(new XmlRpcException("No method matching arguments: "));
        assertEquals(FaultCodes.INVALID_REQUEST, fault.code);
    }

    // ---- the whole server, on fake servlet objects ----

    /** Public, so the reflective handler can call it. */
    public static final class Failing {
        @RpcHelp("fail() -> int. Always fails.")
        public int fail() {
            throw new IllegalStateException("secret detail 42");
        }
    }

    private TestCollector collector;

    private CollectorXmlRpcServer serverWithHandlers() throws XmlRpcException {
        collector = RpcTestSupport.collector(dir.resolve("traps"), new MutableInstantSource(1_800_000_000L));
        server.setHandlerMapping(RpcTestSupport.mapping(new TrapRpc(collector.store(), collector.loop()), new Failing()));
        return server;
    }

    /** Posts {@code body} to the server as the servlet would, and parses the answer. */
    private static Document post(CollectorXmlRpcServer server, String body) throws Exception {
        return parse(StandInExchange.post(server, body.getBytes(StandardCharsets.UTF_8), true));
    }

    private static Document parse(StandInExchange.Answer answer) throws Exception {
        assertEquals(200, answer.status());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body()));
    }

    private static String xpath(Document doc, String expression) throws Exception {
        return (String) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.STRING);
    }

    private static int faultCode(Document doc) throws Exception {
        String code = xpath(doc, "/methodResponse/fault/value/struct/member[name='faultCode']/value/*");
        assertFalse(code.isEmpty(), "a fault answer");
        return Integer.parseInt(code.trim());
    }

    private static String faultString(Document doc) throws Exception {
        return xpath(doc, "/methodResponse/fault/value/struct/member[name='faultString']/value");
    }

    private static String call(String method, String params) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>";
    }

    @Test
    void aBodyThatIsNotWellFormedXmlIsParseError() throws Exception {
        CollectorXmlRpcServer s = serverWithHandlers();
        Document truncated = post(s, "<?xml version=\"1.0\"?><methodCall><methodName>getTraps</methodName>");
        assertEquals(FaultCodes.PARSE_ERROR, faultCode(truncated));
        assertTrue(faultString(truncated).startsWith("Request is not well-formed XML"), faultString(truncated));

        assertEquals(FaultCodes.PARSE_ERROR, faultCode(post(s, "getTraps(0)")));
    }

    @Test
    void wellFormedXmlThatIsNotAnXmlRpcRequestIsInvalidRequest() throws Exception {
        CollectorXmlRpcServer s = serverWithHandlers();
        Document notACall = post(s, "<?xml version=\"1.0\"?><hello>world</hello>");
        assertEquals(FaultCodes.INVALID_REQUEST, faultCode(notACall));
        assertTrue(faultString(notACall).startsWith("Not a valid XML-RPC request"), faultString(notACall));

        Document noMethodName = post(s, "<?xml version=\"1.0\"?><methodCall><params/></methodCall>");
        assertEquals(FaultCodes.INVALID_REQUEST, faultCode(noMethodName));

        Document badInt = post(s, call("getTraps", "<param><value><int>soon</int></value></param>"));
        assertEquals(FaultCodes.INVALID_REQUEST, faultCode(badInt));

        // Found by XmlRpcFuzzTest: the library's parser failed with a NullPointerException (-32603).
        Document misplaced = post(s, "<?xml version=\"1.0\"?><methodCall><methodName>getTraps<param><value>"
                + "<array><data/></array></value></param></methodName></methodCall>");
        assertEquals(FaultCodes.INVALID_REQUEST, faultCode(misplaced));
        assertEquals("Not a valid XML-RPC request: elements in an unexpected place", faultString(misplaced));
    }

    @Test
    void anUnknownMethodOverTheWireIsMethodNotFound() throws Exception {
        Document answer = post(serverWithHandlers(), call("getTrap", "<param><value><int>0</int></value></param>"));
        assertEquals(FaultCodes.METHOD_NOT_FOUND, faultCode(answer));
        assertTrue(faultString(answer).contains("getTrap"), faultString(answer));
    }

    @Test
    void aWrongArgumentOverTheWireIsInvalidParams() throws Exception {
        Document answer = post(serverWithHandlers(),
                call("getTraps", "<param><value><string>yesterday</string></value></param>"));
        assertEquals(FaultCodes.INVALID_PARAMS, faultCode(answer));
        assertEquals("getTraps expects (int time); got (string)", faultString(answer));
    }

    @Test
    void aFailingMethodOverTheWireIsInternalErrorWithoutItsText() throws Exception {
        Document answer = post(serverWithHandlers(), call("fail", ""));
        assertEquals(FaultCodes.INTERNAL_ERROR, faultCode(answer));
        assertFalse(faultString(answer).contains("secret"), faultString(answer));
        assertFalse(faultString(answer).contains("IllegalStateException"), faultString(answer));
    }

    @Test
    void getTrapsOverTheWireAnswersTrapsAndTimestamp() throws Exception {
        CollectorXmlRpcServer s = serverWithHandlers();
        collector.store().add(new Trap("id-7", 1_700_000_000L, Category.CRITICAL, "fs1", "lustre-OST0001", "disk"));
        Document answer = post(s, call("getTraps", "<param><value><int>-60</int></value></param>"));
        assertEquals("", xpath(answer, "/methodResponse/fault"));
        String data = "/methodResponse/params/param/value/array/data";
        assertEquals("1800000000", xpath(answer, data + "/value[2]/*").trim());
        String trap = data + "/value[1]/array/data/value[1]/array/data";
        assertEquals("disk", xpath(answer, trap + "/value[1]"));
        assertEquals("2", xpath(answer, trap + "/value[2]/*").trim());
        assertEquals("lustre-OST0001", xpath(answer, trap + "/value[3]"));
        assertEquals("fs1", xpath(answer, trap + "/value[4]"));
        assertEquals("id-7", xpath(answer, trap + "/value[5]"));
        assertEquals("1700000000", xpath(answer, trap + "/value[6]/*").trim());
    }

    @Test
    void everyAnswerCarriesItsExactLength() throws Exception {
        CollectorXmlRpcServer s = serverWithHandlers();
        for (int i = 0; i < 200; i++) {
            collector.store().add(new Trap("id-" + i, 1_700_000_000L + i, Category.WARNING, "fs1",
                    "lustre-OST" + i, "a message long enough to need more than the writer's first array " + i));
        }
        // Larger than the 32 KB a writer starts with, then a fault, then a small answer: each from a
        // reused array, so a length or a byte left over from the call before would show.
        String all = call("getTraps", "<param><value><int>0</int></value></param>");
        for (String body : new String[] {all, call("noSuchMethod", ""), call("getTraps",
                "<param><value><int>1900000000</int></value></param>"), all}) {
            StandInExchange.Answer answer = StandInExchange.post(s, body.getBytes(StandardCharsets.UTF_8), true);
            assertEquals(answer.body().length, answer.contentLength(), body);
            parse(answer);
        }
        StandInExchange.Answer big = StandInExchange.post(s, all.getBytes(StandardCharsets.UTF_8), true);
        assertTrue(big.body().length > 32 * 1024, "answer of " + big.body().length + " bytes");
        assertEquals(200, ((Number) XPathFactory.newInstance().newXPath().evaluate(
                "count(/methodResponse/params/param/value/array/data/value[1]/array/data/value)",
                parse(big), XPathConstants.NUMBER)).intValue());
    }

    // ---- limits ----

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverExpanded() throws Exception {
        Document answer = post(serverWithHandlers(), "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x \"boom\">]>"
                + "<methodCall><methodName>&x;</methodName></methodCall>");
        assertEquals(FaultCodes.PARSE_ERROR, faultCode(answer));
        assertTrue(faultString(answer).contains("DOCTYPE"), faultString(answer));
    }

    @Test
    void aBodyWithoutContentLengthLargerThanTheLimitIsInvalidRequest() throws Exception {
        String padding = "<!--" + "x".repeat(LIMITS.maxBodyBytes()) + "-->";
        byte[] body = (padding + call("getTraps", "<param><value><int>0</int></value></param>"))
                .getBytes(StandardCharsets.UTF_8);
        Document answer = parse(StandInExchange.post(serverWithHandlers(), body, false));
        assertEquals(FaultCodes.INVALID_REQUEST, faultCode(answer));
        assertEquals("Request body is larger than the collector accepts (4096 bytes)", faultString(answer));
    }

    @Test
    void aBodyOfExactlyTheLimitIsAnswered() throws Exception {
        String call = call("getLastTimestamp", "");
        String body = call + " ".repeat(LIMITS.maxBodyBytes() - call.length());
        Document answer = parse(StandInExchange.post(serverWithHandlers(), body.getBytes(StandardCharsets.UTF_8), false));
        assertEquals("0", xpath(answer, "/methodResponse/params/param/value/*").trim());
    }

    @Test
    void elementsNestedDeeperThanTheLimitAreInvalidRequest() throws Exception {
        int levels = RequestLimits.MAX_DEPTH / 3 + 1;
        String value = "<value><int>1</int></value>";
        for (int i = 0; i < levels; i++) {
            value = "<value><array><data>" + value + "</data></array></value>";
        }
        Document answer = post(serverWithHandlers(), call("getTraps", "<param>" + value + "</param>"));
        assertEquals(FaultCodes.INVALID_REQUEST, faultCode(answer));
        assertEquals("Request nests elements deeper than the collector accepts (64)", faultString(answer));
    }

    @Test
    void nestingWithinTheLimitReachesTheMethod() throws Exception {
        String value = "<value><int>1</int></value>";
        for (int i = 0; i < 3; i++) {
            value = "<value><array><data>" + value + "</data></array></value>";
        }
        Document answer = post(serverWithHandlers(), call("getTraps", "<param>" + value + "</param>"));
        assertEquals(FaultCodes.INVALID_PARAMS, faultCode(answer));
    }
}
