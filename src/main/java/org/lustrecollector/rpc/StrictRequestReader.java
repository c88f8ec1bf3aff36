package org.lustrecollector.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.common.TypeFactory;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parses an XML-RPC request body. Unlike the library's default it refuses any DOCTYPE, so no entity is
 * ever defined, fetched or expanded (no XXE, no entity-expansion bomb), and it reports errors to the
 * caller only, instead of printing them on standard error.
 *
 * <p>The library makes a new XML parser for every request, which cost more CPU than the rest of an
 * empty getTraps call (docs/benchmarks.md, "What limited polling"). Parsers are kept here for reuse
 * instead, at most {@link #KEPT} of them: one per request thread. A parser is returned only after a
 * parse that succeeded; one that failed is dropped.
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

    private final BlockingQueue<XMLReader> readers = new ArrayBlockingQueue<>(KEPT);

    XmlRpcRequest read(XmlRpcStreamRequestConfig config, TypeFactory types, InputStream body)
            throws XmlRpcException {
        XmlRpcRequestParser parser = new XmlRpcRequestParser(config, types);
        XMLReader reader = readers.poll();
        if (reader == null) {
            reader = newReader();
        }
        reader.setContentHandler(parser);
        try {
            reader.parse(new InputSource(body));
            readers.offer(reader);
        } catch (SAXException e) {
            if (e.getException() instanceof XmlRpcException x) {
                throw x;
            }
            throw new XmlRpcException("Failed to parse XML-RPC request: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new XmlRpcException("Failed to read XML-RPC request: " + e.getMessage(), e);
        }
        List<?> params = parser.getParams();
        return request(config, parser.getMethodName(), params);
    }

    private static XMLReader newReader() throws XmlRpcException {
        XMLReader reader = SAXParsers.newXMLReader();
        try {
            reader.setFeature(DISALLOW_DOCTYPE, true);
        } catch (SAXException e) {
            throw new XmlRpcException("XML parser cannot refuse DOCTYPE declarations; refusing to parse", e);
        }
        reader.setErrorHandler(THROW_ONLY);
        return reader;
    }

    private static XmlRpcRequest request(XmlRpcStreamRequestConfig config, String method, List<?> params) {
        return new XmlRpcRequest() {
            @Override
            public XmlRpcRequestConfig getConfig() {
                return config;
            }

            @Override
            public String getMethodName() {
                return method;
            }

            @Override
            public int getParameterCount() {
                return params == null ? 0 : params.size();
            }

            @Override
            public Object getParameter(int index) {
                return params.get(index);
            }
        };
    }
}
