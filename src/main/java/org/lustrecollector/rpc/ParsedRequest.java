package org.lustrecollector.rpc;

import java.util.List;

import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.XmlRpcRequestConfig;

/** An XML-RPC call as parsed: the method's name and its parameters. */
record ParsedRequest(XmlRpcRequestConfig config, String methodName, List<?> parameters) implements XmlRpcRequest {

    ParsedRequest {
        parameters = parameters == null ? List.of() : parameters;
    }

    @Override
    public XmlRpcRequestConfig getConfig() {
        return config;
    }

    @Override
    public String getMethodName() {
        return methodName;
    }

    @Override
    public int getParameterCount() {
        return parameters.size();
    }

    @Override
    public Object getParameter(int index) {
        return parameters.get(index);
    }
}
