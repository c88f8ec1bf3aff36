package org.lustrecollector.rpc;

import java.util.List;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletConfig;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.webserver.XmlRpcServlet;
import org.apache.xmlrpc.webserver.XmlRpcServletServer;
import org.lustrecollector.config.CollectorConfig;

/**
 * Apache XML-RPC's servlet, with the collector's handlers resolved through CDI and its own fault codes.
 * Mapped at {@code /} in {@code web.xml}, async-supported: a waitTraps call waits as an async request
 * ({@link TrapWaiters}), and undeploying, stopping or reloading the web application answers every waiting call.
 */
public class CollectorXmlRpcServlet extends XmlRpcServlet {
    private static final long serialVersionUID = 1L;

    /** Every class whose public methods are XML-RPC methods. */
    static final List<Class<?>> HANDLERS = List.of(TrapRpc.class, LustreRpc.class, OutageRpc.class);

    private transient TrapWaiters waiters;
    private transient CollectorXmlRpcServer server;

    @Override
    protected XmlRpcServletServer newXmlRpcServer(ServletConfig config) throws XmlRpcException {
        try {
            CollectorConfig settings = BeanLookup.get(config.getServletContext(), CollectorConfig.class);
            waiters = BeanLookup.get(config.getServletContext(), TrapWaiters.class);
            server = new CollectorXmlRpcServer(RequestLimits.of(settings), LargeAnswers.forHeap(), waiters);
            return server;
        } catch (IllegalStateException e) {
            throw new XmlRpcException(e.getMessage(), e);
        }
    }

    /** Answers every waiting call before the application goes. */
    @Override
    public void destroy() {
        if (waiters != null) {
            waiters.close();
        }
        super.destroy();
    }

    @Override
    protected XmlRpcHandlerMapping newXmlRpcHandlerMapping() throws XmlRpcException {
        BeanManager beans;
        try {
            beans = BeanLookup.beanManager(getServletContext());
        } catch (IllegalStateException e) {
            throw new XmlRpcException(e.getMessage(), e);
        }
        return new CollectorHandlerMapping(new CdiRequestProcessors(beans), HANDLERS, server::fault);
    }
}
