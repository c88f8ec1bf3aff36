package org.lustrecollector.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.TypeFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Parses an XML-RPC request body. Unlike the library's default it refuses any DOCTYPE, so no entity is
 * ever defined, fetched or expanded (no XXE, no entity-expansion bomb), and it reports errors to the
 * caller only, instead of printing them on standard error. It also enforces {@link RequestLimits}: a body
 * read past {@code maxBodyBytes} (one without a Content-Length, which the web filter could not check) and
 * elements nested deeper than {@code maxDepth} end parsing with an {@link FaultCodes#INVALID_REQUEST} fault.
 *
 * <p>The library makes a new XML parser for every request, which cost more CPU than the rest of an
 * empty getTraps call (docs/benchmarks.md, "What limited each target"). Parsers are kept here for reuse
 * instead, at most {@link #KEPT} of them: one per request thread. A parser is returned only after a
 * parse that succeeded; one that failed is dropped. A body seen recently is not parsed at all: its call
 * comes from {@link RecentCalls}.
 */
final class StrictRequestReader {
    static final int KEPT = 64;
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private static final ErrorHandler THROW_ONLY = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // A warning does not stop parsing and is nothing a client needs to hear about.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final RequestLimits limits;
    private final BlockingQueue<XMLReader> readers = new ArrayBlockingQueue<>(KEPT);
    private final RecentCalls recentCalls = new RecentCalls();

    StrictRequestReader(RequestLimits limits) {
        this.limits = limits;
    }

    XmlRpcRequest read(XmlRpcStreamRequestConfig config, TypeFactory types, InputStream body) throws XmlRpcException {
        byte[] bytes = readBody(body);
        RecentCalls.Call call = recentCalls.get(bytes);
        if (call == null) {
            call = parse(config, types, bytes);
            recentCalls.put(bytes, call);
        }
        return new ParsedRequest(config, call.methodName(), call.parameters());
    }

    /** The whole body, at most {@code maxBodyBytes}: the honest calls of this API are a few hundred bytes. */
    private byte[] readBody(InputStream body) throws XmlRpcException {
        int max = limits.maxBodyBytes();
        byte[] bytes;
        try {
            bytes = body.readNBytes(max + 1);
        } catch (IOException e) {
            throw new XmlRpcException("Failed to read XML-RPC request: " + e.getMessage(), e);
        }
        if (bytes.length > max) {
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST,
                    "Request body is larger than the collector accepts (" + max + " bytes)");
        }
        return bytes;
    }

    private RecentCalls.Call parse(XmlRpcStreamRequestConfig config, TypeFactory types, byte[] body)
            throws XmlRpcException {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, types);
        XMLReader reader = readers.poll();
        if (reader == null) {
            reader = newReader();
        }
        DepthLimit depthLimited = new DepthLimit(reader, limits.maxDepth());
        depthLimited.setContentHandler(parser);
        depthLimited.setErrorHandler(THROW_ONLY);
        try {
            depthLimited.parse(new InputSource(new ByteArrayInputStream(body)));
            readers.offer(reader);
        } catch (SAXException e) {
            if (e.getException() instanceof XmlRpcException x) {
                throw x;
            }
            throw new XmlRpcException("Failed to parse XML-RPC request: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The library's handlers assume the elements come in XML-RPC's order; some misplaced ones (a
            // <param> inside <methodName>) make them fail with a NullPointerException. Found by XmlRpcFuzzTest.
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST,
                    "Not a valid XML-RPC request: elements in an unexpected place");
        } catch (IOException e) {
            throw new XmlRpcException("Failed to read XML-RPC request: " + e.getMessage(), e);
        }
        List<?> parameters = parser.getParams();
        // Unmodifiable: a call may be shared by every request that sends the same body (RecentCalls).
        return new RecentCalls.Call(parser.getMethodName(),
                parameters == null ? List.of() : Collections.unmodifiableList(parameters));
    }

    private static XMLReader newReader() throws XmlRpcException {
        XMLReader reader = SAXParsers.newXMLReader();
        try {
            reader.setFeature(DISALLOW_DOCTYPE, true);
        } catch (SAXException e) {
            throw new XmlRpcException("XML parser cannot refuse DOCTYPE declarations; refusing to parse", e);
        }
        return reader;
    }

    /** Passes SAX events on to the XML-RPC parser until elements nest deeper than the limit. */
    private static final class DepthLimit extends XMLFilterImpl {
        private final int maxDepth;
        private int depth;

        DepthLimit(XMLReader parent, int maxDepth) {
            super(parent);
            this.maxDepth = maxDepth;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (++depth > maxDepth) {
                throw new SAXException(new XmlRpcException(FaultCodes.INVALID_REQUEST,
                        "Request nests elements deeper than the collector accepts (" + maxDepth + ")"));
            }
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            depth--;
            super.endElement(uri, localName, qName);
        }
    }
}
