package org.lustrecollector.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.webserver.WebServer;

/**
 * A real XML-RPC server over HTTP on loopback (Apache XML-RPC's small WebServer) whose methods a test
 * defines: for answers a running collector cannot give yet (methods of later versions, a hung server).
 * An undefined method gets the collector's "no such method" fault, -32601.
 */
final class StubCollector implements AutoCloseable {
    private final Map<String, XmlRpcHandler> methods = new ConcurrentHashMap<>();
    private final WebServer server;

    StubCollector() throws IOException {
        server = new WebServer(0, InetAddress.getLoopbackAddress());
        XmlRpcHandlerMapping mapping = name -> {
            XmlRpcHandler handler = methods.get(name);
            if (handler == null) {
                return request -> {
                    throw new XmlRpcException(Failures.NO_SUCH_METHOD, "Unknown method: " + name);
                };
            }
            return handler;
        };
        server.getXmlRpcServer().setHandlerMapping(mapping);
        XmlRpcServerConfigImpl config = new XmlRpcServerConfigImpl();
        config.setEnabledForExtensions(false);
        server.getXmlRpcServer().setConfig(config);
        server.start();
    }

    StubCollector method(String name, XmlRpcHandler handler) {
        methods.put(name, handler);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
