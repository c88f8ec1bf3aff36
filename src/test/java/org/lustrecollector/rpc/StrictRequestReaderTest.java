package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.junit.jupiter.api.Test;

/** Parsers are reused across requests: each request is still read on its own, and DOCTYPEs stay refused. */
class StrictRequestReaderTest {
    private final StrictRequestReader reader = new StrictRequestReader(CollectorXmlRpcServerTest.LIMITS);
    private final XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
    private final TypeFactoryImpl types = new TypeFactoryImpl(null);

    @Test
    void requestsAfterGoodAndBadOnesAreReadOnTheirOwn() throws Exception {
        for (int i = 0; i < 3; i++) {
            XmlRpcRequest getTraps = read("<methodCall><methodName>getTraps</methodName><params><param><value><int>"
                    + i + "</int></value></param></params></methodCall>");
            assertEquals("getTraps", getTraps.getMethodName());
            assertEquals(1, getTraps.getParameterCount());
            assertEquals(i, getTraps.getParameter(0));

            assertThrows(XmlRpcException.class, () -> read("<methodCall><methodName>getTraps</methodName>"));

            XmlRpcRequest status = read("<methodCall><methodName>getStatus</methodName><params/></methodCall>");
            assertEquals("getStatus", status.getMethodName());
            assertEquals(0, status.getParameterCount());
        }
    }

    @Test
    void aReusedParserStillRefusesADoctype() throws Exception {
        read("<methodCall><methodName>getStatus</methodName><params/></methodCall>");
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaa\">]>"
                + "<methodCall><methodName>&a;</methodName><params/></methodCall>";
        for (int i = 0; i < 2; i++) {
            XmlRpcException refused = assertThrows(XmlRpcException.class, () -> read(bomb));
            assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        }
    }

    /** A body seen before is answered from RecentCalls: the same call, with this request's config. */
    @Test
    void aRepeatedBodyGivesTheSameCallWithItsOwnConfig() throws Exception {
        String body = "<methodCall><methodName>getTraps</methodName><params><param><value><int>1700000000"
                + "</int></value></param></params></methodCall>";
        XmlRpcRequest first = read(body);
        XmlRpcHttpRequestConfigImpl other = new XmlRpcHttpRequestConfigImpl();
        XmlRpcRequest second = reader.read(other, types, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("getTraps", second.getMethodName());
        assertEquals(1_700_000_000, second.getParameter(0));
        assertSame(config, first.getConfig());
        assertSame(other, second.getConfig());
        assertThrows(UnsupportedOperationException.class, () -> ((ParsedRequest) second).parameters().clear());
    }

    /** Failures are not remembered: the same bad body is refused every time, for the same reason. */
    @Test
    void aRepeatedBadBodyIsRefusedEachTime() {
        String body = "<methodCall><methodName>getTraps</methodName><params><param><value><int>x</int>"
                + "</value></param></params></methodCall>";
        for (int i = 0; i < 3; i++) {
            XmlRpcException refused = assertThrows(XmlRpcException.class, () -> read(body));
            assertTrue(refused.getMessage().contains("parse"), refused.getMessage());
        }
    }

    private XmlRpcRequest read(String body) throws XmlRpcException {
        return reader.read(config, types, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
