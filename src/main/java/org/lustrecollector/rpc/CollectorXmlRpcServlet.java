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
 * Mapped at {@code /} in {@code web.xml}.
 */
public class CollectorXmlRpcServlet extends XmlRpcServlet {
    private static final long serialVersionUID = 1L;

    /** Every class whose public methods are XML-RPC methods. */
    static final List<Class<?>> HANDLERS = List.of(TrapRpc.class, LustreRpc.class);

    @Override
    protected XmlRpcServletServer newXmlRpcServer(ServletConfig config) throws XmlRpcException {
        try {
            return new CollectorXmlRpcServer(RequestLimits.of(
                    BeanLookup.get(config.getServletContext(), CollectorConfig.class)));
        } catch (IllegalStateException e) {
            throw new XmlRpcException(e.getMessage(), e);
        }
    }

    @Override
    protected XmlRpcHandlerMapping newXmlRpcHandlerMapping() throws XmlRpcException {
        BeanManager beans;
        try {
            beans = BeanLookup.beanManager(getServletContext());
        } catch (IllegalStateException e) {
            throw new XmlRpcException(e.getMessage(), e);
        }
        return new CollectorHandlerMapping(new CdiRequestProcessors(beans), HANDLERS);
    }
}
