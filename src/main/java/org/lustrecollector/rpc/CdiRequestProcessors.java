package org.lustrecollector.rpc;

import jakarta.enterprise.inject.spi.BeanManager;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.server.RequestProcessorFactoryFactory;

/**
 * Hands XML-RPC the CDI beans for its handler classes instead of letting it create them with
 * {@code new}: the handlers get their dependencies by constructor injection and share the application's
 * collector. Each bean is looked up once, at start-up; it is application-scoped.
 */
public final class CdiRequestProcessors implements RequestProcessorFactoryFactory {
    private final BeanManager beans;

    public CdiRequestProcessors(BeanManager beans) {
        this.beans = beans;
    }

    @Override
    public RequestProcessorFactory getRequestProcessorFactory(Class pClass) throws XmlRpcException {
        Object handler = beans.createInstance().select(pClass).get();
        return request -> handler;
    }
}
