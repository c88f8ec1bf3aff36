package org.lustrecollector.rpc;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.TestConfig;

/** Builds the XML-RPC pieces the servlet would build, on a real (not started) collector. */
final class RpcTestSupport {
    private RpcTestSupport() {
    }

    static TestCollector collector(Path trapFile, InstantSource clock) {
        CollectorConfig config = TestConfig.of("trapfile", trapFile.toString(), "trapfilemode", "regular");
        return TestCollector.of(config, clock);
    }

    /** A mapping whose handler classes are the classes of {@code handlers}, each served by that instance. */
    static CollectorHandlerMapping mapping(Object... handlers) throws XmlRpcException {
        Map<Class<?>, Object> byClass = new LinkedHashMap<>();
        for (Object handler : handlers) {
            byClass.put(handler.getClass(), handler);
        }
        return new CollectorHandlerMapping(pClass -> {
            Object handler = byClass.get(pClass);
            if (handler == null) {
                throw new XmlRpcException("no handler instance for " + pClass);
            }
            return request -> handler;
        }, List.copyOf(byClass.keySet()));
    }

    static XmlRpcRequest request(String method, Object... params) {
        return new ParsedRequest(new XmlRpcHttpRequestConfigImpl(), method, java.util.Arrays.asList(params));
    }

    static Object call(CollectorHandlerMapping mapping, String method, Object... params) throws XmlRpcException {
        return mapping.getHandler(method).execute(request(method, params));
    }
}
