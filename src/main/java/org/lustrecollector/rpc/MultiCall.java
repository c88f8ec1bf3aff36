package org.lustrecollector.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;
import org.apache.xmlrpc.metadata.XmlRpcMetaDataHandler;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;

/**
 * {@code system.multicall(calls) -> results}, as the de-facto standard (Python's
 * {@code xmlrpc.client.MultiCall}) has it: each call a struct {@code {methodName, params}}, each result
 * {@code [value]} or a fault struct {@code {faultCode, faultString}}, in order. A failing call faults only its
 * own element, with the code and message it would get alone. waitTraps, which waits, and system.multicall
 * itself are refused per element: one request must not hold others' answers back.
 */
final class MultiCall implements XmlRpcMetaDataHandler {
    static final String NAME = "system.multicall";
    private static final List<String> REFUSED = List.of("waitTraps", NAME);

    private final XmlRpcHandlerMapping mapping;
    private final Function<Throwable, XmlRpcException> faults;

    /** @param faults the fault a whole call gets for an error (the server's codes and messages) */
    MultiCall(XmlRpcHandlerMapping mapping, Function<Throwable, XmlRpcException> faults) {
        this.mapping = mapping;
        this.faults = faults;
    }

    @Override
    public Object execute(XmlRpcRequest request) throws XmlRpcException {
        if (request.getParameterCount() != 1 || !(request.getParameter(0) instanceof Object[] calls)) {
            throw new XmlRpcException(FaultCodes.INVALID_PARAMS,
                    NAME + " expects (array calls), each call a struct {methodName, params}");
        }
        Object[] results = new Object[calls.length];
        for (int i = 0; i < calls.length; i++) {
            results[i] = one(request.getConfig(), calls[i]);
        }
        return results;
    }

    private Object one(XmlRpcRequestConfig config, Object call) {
        try {
            if (!(call instanceof Map<?, ?> struct) || !(struct.get("methodName") instanceof String name)
                    || !(struct.get("params") instanceof Object[] params)) {
                throw new XmlRpcException(FaultCodes.INVALID_REQUEST,
                        "each call of " + NAME + " is a struct {methodName: string, params: array}");
            }
            if (REFUSED.contains(name)) {
                throw new XmlRpcException(FaultCodes.INVALID_REQUEST,
                        name + " cannot be part of " + NAME + "; call it on its own");
            }
            return new Object[] {mapping.getHandler(name).execute(new Call(config, name, params))};
        } catch (Throwable t) {
            XmlRpcException fault = faults.apply(t);
            Map<String, Object> struct = new LinkedHashMap<>();
            struct.put("faultCode", fault.code);
            struct.put("faultString", fault.getMessage() == null ? "" : fault.getMessage());
            return struct;
        }
    }

    @Override
    public String[][] getSignatures() {
        return new String[][] {{"array", "array"}};
    }

    @Override
    public String getMethodHelp() {
        return NAME + "(calls) -> array. Runs each call {methodName, params} in order; each result is [value] "
                + "or a fault struct {faultCode, faultString}. waitTraps cannot be part of it.";
    }

    /** One element as a request of its own, with the outer request's configuration. */
    private record Call(XmlRpcRequestConfig config, String name, Object[] params) implements XmlRpcRequest {
        @Override
        public XmlRpcRequestConfig getConfig() {
            return config;
        }

        @Override
        public String getMethodName() {
            return name;
        }

        @Override
        public int getParameterCount() {
            return params.length;
        }

        @Override
        public Object getParameter(int index) {
            return params[index];
        }
    }
}
