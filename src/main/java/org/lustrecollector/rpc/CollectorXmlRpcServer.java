package org.lustrecollector.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.common.XmlRpcInvocationException;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.apache.xmlrpc.webserver.XmlRpcServletServer;
import org.lustrecollector.logging.RateLimitedLog;
import org.xml.sax.SAXParseException;

/**
 * Turns every failure into a fault with a documented code ({@link FaultCodes}) and a message without a
 * stack trace. Internal errors are logged here with their stack trace and reported to the client only
 * by name.
 */
final class CollectorXmlRpcServer extends XmlRpcServletServer {
    private static final Logger LOG = Logger.getLogger(CollectorXmlRpcServer.class.getName());

    private final RateLimitedLog clientErrors = RateLimitedLog.perMinute(CollectorXmlRpcServer.class, 10);
    /**
     * Arrays kept for answers: enough for the requests that run at once on a small server (Tomcat's threads
     * beyond that allocate); none over 1 MB (about 4,000 traps) is kept.
     */
    private final ResponseBuffers responseBuffers = new ResponseBuffers(16, 1 << 20);
    private final StrictRequestReader requestReader;

    CollectorXmlRpcServer(RequestLimits limits) {
        this.requestReader = new StrictRequestReader(limits);
        setXMLWriterFactory((config, stream) -> new Utf8XmlWriter(stream, responseBuffers));
        setTypeFactory(new CollectorTypeFactory(this));
    }

    /**
     * The Content-Length is set by {@link SizedResponseStream} from the writer's own buffer, so the library
     * need not buffer the answer a second time to learn its length.
     */
    @Override
    protected boolean isContentLengthRequired(XmlRpcStreamRequestConfig config) {
        return false;
    }

    @Override
    protected OutputStream getOutputStream(ServerStreamConnection connection, XmlRpcStreamRequestConfig config,
                                           OutputStream stream) throws IOException {
        OutputStream prepared = super.getOutputStream(connection, config, stream);
        if (prepared == stream && connection instanceof ServletStreamConnection servlet) {
            return new SizedResponseStream(servlet.getResponse(), stream);
        }
        return prepared;
    }

    @Override
    protected XmlRpcRequest getRequest(XmlRpcStreamRequestConfig config, InputStream body) throws XmlRpcException {
        return requestReader.read(config, getTypeFactory(), body);
    }

    /**
     * The library logs every failed call at SEVERE with a stack trace, which lets any client flood the
     * log. Client mistakes are logged here in one rate-limited line; internal errors in full by
     * {@link #convertThrowable}.
     */
    @Override
    protected void logError(Throwable error) {
        if (error instanceof XmlRpcException x && !(error instanceof XmlRpcInvocationException)) {
            clientErrors.log(Level.INFO, "Refused XML-RPC call: " + x.getMessage());
        }
    }

    @Override
    protected Throwable convertThrowable(Throwable error) {
        if (error instanceof XmlRpcNoSuchHandlerException) {
            return new XmlRpcException(FaultCodes.METHOD_NOT_FOUND,
                    error.getMessage().replace("No such handler", "Unknown method")
                            + "; system.listMethods lists the methods");
        }
        if (error instanceof XmlRpcInvocationException) {
            LOG.log(Level.SEVERE, "XML-RPC method failed", error.getCause());
            return new XmlRpcException(FaultCodes.INTERNAL_ERROR,
                    "Internal error in the collector; see its log");
        }
        if (error instanceof XmlRpcException x) {
            if (x.code != 0) {
                return x;
            }
            Throwable sax = firstCause(x, SAXParseException.class);
            if (sax != null && !raisedByXmlRpcParser(sax)) {
                return new XmlRpcException(FaultCodes.PARSE_ERROR, "Request is not well-formed XML: "
                        + sax.getMessage());
            }
            if (x.getMessage() != null && x.getMessage().startsWith("Failed to parse XML-RPC request")) {
                return new XmlRpcException(FaultCodes.INVALID_REQUEST, "Not a valid XML-RPC request: "
                        + x.getMessage().substring(x.getMessage().indexOf(':') + 1).trim());
            }
            return new XmlRpcException(FaultCodes.INVALID_REQUEST, x.getMessage());
        }
        LOG.log(Level.SEVERE, "XML-RPC request failed", error);
        return new XmlRpcException(FaultCodes.INTERNAL_ERROR, "Internal error in the collector; see its log");
    }

    /**
     * The library's request parser reports well-formed XML that is not an XML-RPC call (wrong root element,
     * unknown type, bad int...) with a SAXParseException too; only the XML parser's own ones mean "not
     * well-formed". The library's are thrown from its SAX handlers in {@code org.apache.xmlrpc.parser}.
     */
    private static boolean raisedByXmlRpcParser(Throwable sax) {
        for (StackTraceElement frame : sax.getStackTrace()) {
            if (frame.getClassName().startsWith("org.apache.xmlrpc.parser.")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable firstCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
