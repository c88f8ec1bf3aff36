package org.lustrecollector.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntUnaryOperator;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.TypeFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.util.SAXParsers;
import org.lustrecollector.trap.TextLimits;
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
 * caller only, instead of printing them on standard error. It also enforces {@link RequestLimits}.
 *
 * <p>Every refusal is an {@link XmlRpcException} with its {@link FaultCodes} code and a message in the
 * client's terms, raised where the reason is known: {@link FaultCodes#PARSE_ERROR} when the XML parser
 * reports the body is not well-formed or has a DOCTYPE; {@link FaultCodes#INVALID_REQUEST} when the body
 * is larger than {@code maxBodyBytes} (one without a Content-Length, which the web filter could not check),
 * nests deeper than {@code maxDepth}, or is well-formed but the XML-RPC parser refuses an element of it.
 *
 * <p>XML parsers are kept for reuse, at most {@link #KEPT} of them (one per request thread): building one
 * per request was the main cost of an empty call. A parser is returned only after a parse that succeeded;
 * one that failed is dropped. A body seen recently is not parsed at all: its call comes from
 * {@link RecentCalls}.
 */
final class StrictRequestReader {
    static final int KEPT = 64;
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String NOT_XML_RPC = "Not a valid XML-RPC request: ";
    /** XML-RPC's scalar types: the XML-RPC parser reads their text at their end tag. */
    private static final Set<String> SCALARS = Set.of("i4", "int", "boolean", "string", "double",
            "dateTime.iso8601", "base64");

    /** Refuses any error the XML parser reports: the body is not well-formed XML. */
    private static final ErrorHandler NOT_WELL_FORMED = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // A warning does not stop parsing and is nothing a client needs to hear about.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw notWellFormed(e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw notWellFormed(e);
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
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST, "The request body could not be read to its end",
                    e);
        }
        if (bytes.length > max) {
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST,
                    "Request body is larger than the collector accepts (" + max + " bytes)");
        }
        return bytes;
    }

    private RecentCalls.Call parse(XmlRpcStreamRequestConfig config, TypeFactory types, byte[] body)
            throws XmlRpcException {
        if (hasDoctype(body)) {
            throw new XmlRpcException(FaultCodes.PARSE_ERROR,
                    "Request has a DOCTYPE; the collector refuses DOCTYPEs and the entities they define");
        }
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, types);
        XMLReader reader = readers.poll();
        if (reader == null) {
            reader = newReader();
        }
        CallEvents events = new CallEvents(reader, limits.maxDepth());
        events.setContentHandler(parser);
        events.setErrorHandler(NOT_WELL_FORMED);
        try {
            events.parse(new InputSource(new ByteArrayInputStream(body)));
            readers.offer(reader);
        } catch (SAXException e) {
            if (e.getException() instanceof XmlRpcException x) {
                throw x;
            }
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST, NOT_XML_RPC + "the XML-RPC parser refused it");
        } catch (RuntimeException e) {
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST, NOT_XML_RPC + "elements in an unexpected place");
        } catch (IOException e) {
            throw new XmlRpcException(FaultCodes.PARSE_ERROR,
                    "Request is not well-formed XML: its bytes are not text in the encoding it declares");
        }
        if (parser.getMethodName() == null) {
            throw new XmlRpcException(FaultCodes.INVALID_REQUEST, NOT_XML_RPC + "it has no <methodName>");
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
            throw new XmlRpcException(FaultCodes.INTERNAL_ERROR,
                    "XML parser cannot refuse DOCTYPE declarations; refusing to parse", e);
        }
        return reader;
    }

    private static SAXException notWellFormed(SAXParseException e) {
        String where = e.getLineNumber() > 0
                ? ": the error is at line " + e.getLineNumber() + ", column " + e.getColumnNumber() : "";
        return new SAXException(new XmlRpcException(FaultCodes.PARSE_ERROR, "Request is not well-formed XML" + where));
    }

    /**
     * Whether a DOCTYPE comes before the first element, in a body of 8-bit text or of UTF-16 in either
     * byte order. The XML parser refuses any DOCTYPE itself; this names the reason in the fault.
     */
    static boolean hasDoctype(byte[] body) {
        if (body.length >= 2 && ((body[0] == (byte) 0xfe && body[1] == (byte) 0xff) || (body[0] == 0 && body[1] == '<'))) {
            return doctypeFirst(i -> ((body[2 * i] & 0xff) << 8) | (body[2 * i + 1] & 0xff), body.length / 2);
        }
        if (body.length >= 2 && ((body[0] == (byte) 0xff && body[1] == (byte) 0xfe) || (body[0] == '<' && body[1] == 0))) {
            return doctypeFirst(i -> ((body[2 * i + 1] & 0xff) << 8) | (body[2 * i] & 0xff), body.length / 2);
        }
        return doctypeFirst(i -> body[i] & 0xff, body.length);
    }

    /** Skips the prolog's comments and processing instructions; true if "<!DOCTYPE" comes before an element. */
    private static boolean doctypeFirst(IntUnaryOperator charAt, int length) {
        int i = 0;
        while (i < length) {
            if (charAt.applyAsInt(i) != '<') {
                i++;
            } else if (startsWith(charAt, length, i, "<!--")) {
                i = indexOf(charAt, length, i + 4, "-->");
            } else if (startsWith(charAt, length, i, "<?")) {
                i = indexOf(charAt, length, i + 2, "?>");
            } else {
                return startsWith(charAt, length, i, "<!DOCTYPE");
            }
        }
        return false;
    }

    private static boolean startsWith(IntUnaryOperator charAt, int length, int at, String text) {
        if (at + text.length() > length) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (charAt.applyAsInt(at + k) != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The index after {@code text} found from {@code from}, or {@code length} when it is not there. */
    private static int indexOf(IntUnaryOperator charAt, int length, int from, String text) {
        for (int i = from; i < length; i++) {
            if (startsWith(charAt, length, i, text)) {
                return i + text.length();
            }
        }
        return length;
    }

    /**
     * Passes the XML parser's events on to the XML-RPC parser. Refuses elements nested deeper than the limit,
     * and turns a refusal by the XML-RPC parser into an {@link FaultCodes#INVALID_REQUEST} fault that names
     * the element it refused, in XML-RPC's terms rather than the library's.
     */
    private static final class CallEvents extends XMLFilterImpl {
        private final int maxDepth;
        private final String[] open;
        private int depth;
        /** The start of the current element's text, for a fault about its value. */
        private final StringBuilder text = new StringBuilder();

        CallEvents(XMLReader parent, int maxDepth) {
            super(parent);
            this.maxDepth = maxDepth;
            this.open = new String[maxDepth + 1];
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (depth + 1 > maxDepth) {
                throw new SAXException(new XmlRpcException(FaultCodes.INVALID_REQUEST,
                        "Request nests elements deeper than the collector accepts (" + maxDepth + ")"));
            }
            String parent = depth == 0 ? null : open[depth];
            open[++depth] = qName;
            text.setLength(0);
            try {
                super.startElement(uri, localName, qName, atts);
            } catch (SAXException | RuntimeException e) {
                throw refused(e, parent == null ? "the root element is " + tag(qName) + ", not <methodCall>"
                        : "value".equals(parent) ? tag(qName) + " is not a type the collector accepts"
                        : tag(qName) + " is not expected inside " + tag(parent));
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            try {
                super.endElement(uri, localName, qName);
            } catch (SAXException | RuntimeException e) {
                throw refused(e, SCALARS.contains(qName)
                        ? "cannot parse '" + TextLimits.abbreviate(text.toString(), TextLimits.QUOTED_CHARS)
                                + "' as " + tag(qName)
                        : tag(qName) + " is incomplete or holds something unexpected");
            } finally {
                depth--;
                text.setLength(0);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            int room = TextLimits.QUOTED_CHARS + 1 - text.length();
            if (room > 0) {
                text.append(ch, start, Math.min(room, length));
            }
            try {
                super.characters(ch, start, length);
            } catch (SAXException | RuntimeException e) {
                throw refused(e, "unexpected text inside " + (depth == 0 ? "the document" : tag(open[depth])));
            }
        }

        @Override
        public void endDocument() throws SAXException {
            try {
                super.endDocument();
            } catch (SAXException | RuntimeException e) {
                throw refused(e, "the call is incomplete");
            }
        }

        private static SAXException refused(Exception e, String what) {
            if (e instanceof SAXException sax && sax.getException() instanceof XmlRpcException x && x.code != 0) {
                return sax;
            }
            // Some misplaced elements (a <param> inside <methodName>) make the library's handlers fail with
            // a NullPointerException: they assume the elements come in XML-RPC's order.
            String reason = e instanceof RuntimeException ? "elements in an unexpected place" : what;
            return new SAXException(new XmlRpcException(FaultCodes.INVALID_REQUEST, NOT_XML_RPC + reason));
        }

        private static String tag(String name) {
            return "<" + TextLimits.abbreviate(name, TextLimits.QUOTED_CHARS) + ">";
        }
    }
}
