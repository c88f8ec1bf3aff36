package org.lustrecollector.rpc;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.XmlRpcInvocationException;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.apache.xmlrpc.webserver.XmlRpcServletServer;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.trap.TextLimits;
import org.xml.sax.SAXParseException;

/**
 * The collector's XML-RPC server: hands every request to its {@link XmlRpcExchange}, and turns every failure
 * into a fault with a documented code ({@link FaultCodes}) and a message without a stack trace. Internal
 * errors are logged here with their stack trace and reported to the client only by name.
 */
final class CollectorXmlRpcServer extends XmlRpcServletServer {
    private static final Logger LOG = Logger.getLogger(CollectorXmlRpcServer.class.getName());
    private static final String INTERNAL = "Internal error in the collector; see its log";

    private final RateLimitedLog clientErrors = RateLimitedLog.perMinute(CollectorXmlRpcServer.class, 10);
    private final XmlRpcExchange exchange;
    private final XmlRpcExchange.Calls calls = new XmlRpcExchange.Calls() {
        @Override
        public Object execute(XmlRpcRequest call) throws XmlRpcException {
            return CollectorXmlRpcServer.this.execute(call);
        }

        @Override
        public XmlRpcException fault(Throwable error) {
            logError(error);
            return (XmlRpcException) convertThrowable(error);
        }
    };

    CollectorXmlRpcServer(RequestLimits limits) {
        this(limits, LargeAnswers.forHeap(), XmlRpcExchange.Waits.NONE);
    }

    CollectorXmlRpcServer(RequestLimits limits, LargeAnswers largeAnswers) {
        this(limits, largeAnswers, XmlRpcExchange.Waits.NONE);
    }

    /** @param waits where waitTraps calls wait ({@link TrapWaiters}) */
    CollectorXmlRpcServer(RequestLimits limits, LargeAnswers largeAnswers, XmlRpcExchange.Waits waits) {
        this.exchange = new XmlRpcExchange(this, limits, largeAnswers, waits);
    }

    @Override
    public void execute(HttpServletRequest request, HttpServletResponse response) throws IOException {
        exchange.answer(getConfig(request), request, request.getInputStream(), response, calls);
    }

    /** The fault a multicall element answers for {@code error}, as a whole call would. */
    XmlRpcException fault(Throwable error) {
        return calls.fault(error);
    }

    /**
     * The library logs every failed call at SEVERE with a stack trace, which lets any client flood the
     * log. Client mistakes are logged here in one rate-limited line; internal errors in full by
     * {@link #convertThrowable}.
     */
    @Override
    protected void logError(Throwable error) {
        if (error instanceof XmlRpcException x && !(error instanceof XmlRpcInvocationException)) {
            clientErrors.log(Level.INFO, "Refused XML-RPC call: "
                    + TextLimits.abbreviate(x.getMessage(), 4 * TextLimits.QUOTED_CHARS));
        }
    }

    /**
     * The fault for {@code error}. Faults raised by the collector carry their code; the library's own
     * exceptions are known by their type.
     */
    @Override
    protected Throwable convertThrowable(Throwable error) {
        if (error instanceof UnknownMethodException unknown) {
            return new XmlRpcException(FaultCodes.METHOD_NOT_FOUND, unknown.getMessage());
        }
        if (error instanceof XmlRpcNoSuchHandlerException x) {
            // From a mapping other than CollectorHandlerMapping, whose message is "No such handler: <name>".
            String message = x.getMessage() == null ? "" : x.getMessage();
            return new XmlRpcException(FaultCodes.METHOD_NOT_FOUND,
                    UnknownMethodException.describe(message.substring(message.indexOf(':') + 1).trim()));
        }
        if (error instanceof XmlRpcInvocationException) {
            LOG.log(Level.SEVERE, "XML-RPC method failed", error.getCause());
            return new XmlRpcException(FaultCodes.INTERNAL_ERROR, INTERNAL);
        }
        if (error instanceof XmlRpcException x) {
            if (x.code != 0) {
                return x;
            }
            if (x.getCause() instanceof SAXParseException sax) {
                return new XmlRpcException(FaultCodes.PARSE_ERROR, "Request is not well-formed XML: "
                        + TextLimits.abbreviate(sax.getMessage(), 2 * TextLimits.QUOTED_CHARS));
            }
            return new XmlRpcException(FaultCodes.INVALID_REQUEST,
                    TextLimits.abbreviate(x.getMessage(), 2 * TextLimits.QUOTED_CHARS));
        }
        LOG.log(Level.SEVERE, "XML-RPC request failed", error);
        return new XmlRpcException(FaultCodes.INTERNAL_ERROR, INTERNAL);
    }
}
