package org.lustrecollector.rpc;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.metadata.XmlRpcMetaDataHandler;
import org.apache.xmlrpc.metadata.XmlRpcSystemImpl;
import org.apache.xmlrpc.server.PropertyHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.apache.xmlrpc.server.RequestProcessorFactoryFactory;

/**
 * Maps the collector's method names to its handler classes. Methods are registered without a prefix
 * ({@code getTraps}, not {@code TrapRpc.getTraps}), as docs/api.md names them, plus the standard
 * {@code system.listMethods}, {@code system.methodHelp} and {@code system.methodSignature}, and
 * {@code system.multicall} ({@link MultiCall}) and {@code system.getCapabilities} ({@link Capabilities}). Help texts
 * come from {@link RpcHelp}; wrong arguments are reported with {@link FaultCodes#INVALID_PARAMS}.
 */
public final class CollectorHandlerMapping extends PropertyHandlerMapping {

    private static final Map<String, String> SYSTEM_HELP = Map.of(
            "listMethods", "system.listMethods() -> array of string. The names of all methods.",
            "methodHelp", "system.methodHelp(name) -> string. What the named method does.",
            "methodSignature", "system.methodSignature(name) -> array of [returnType, paramType...].");

    public CollectorHandlerMapping(RequestProcessorFactoryFactory processors, List<Class<?>> handlerClasses)
            throws XmlRpcException {
        this(processors, handlerClasses, CollectorHandlerMapping::plainFault);
    }

    /** @param faults the fault a call gets for an error, for the elements of system.multicall */
    @SuppressWarnings("unchecked")
    CollectorHandlerMapping(RequestProcessorFactoryFactory processors, List<Class<?>> handlerClasses,
                            Function<Throwable, XmlRpcException> faults) throws XmlRpcException {
        setRequestProcessorFactoryFactory(processors);
        setVoidMethodEnabled(false);
        for (Class<?> handlerClass : handlerClasses) {
            registerPublicMethods(null, handlerClass);
        }
        XmlRpcSystemImpl.addSystemHandler(this);
        handlerMap.put(MultiCall.NAME, new MultiCall(this, faults));
        handlerMap.put(Capabilities.NAME, new Capabilities());
    }

    /** Without a server: an unknown method as such, a fault with a code as it is, any other error as internal. */
    private static XmlRpcException plainFault(Throwable error) {
        if (error instanceof UnknownMethodException unknown) {
            return new XmlRpcException(FaultCodes.METHOD_NOT_FOUND, unknown.getMessage());
        }
        if (error instanceof XmlRpcException x && x.code != 0) {
            return x;
        }
        return new XmlRpcException(FaultCodes.INTERNAL_ERROR, "Internal error in the collector");
    }

    /** An unknown name is reported as {@link UnknownMethodException}, its fault's message and code ready. */
    @Override
    public XmlRpcHandler getHandler(String name) throws XmlRpcException {
        try {
            return super.getHandler(name);
        } catch (XmlRpcNoSuchHandlerException e) {
            throw new UnknownMethodException(name);
        }
    }

    @Override
    protected String getMethodHelp(Class pClass, Method[] pMethods) {
        RpcHelp help = pMethods[0].getAnnotation(RpcHelp.class);
        if (help != null) {
            return help.value();
        }
        String system = SYSTEM_HELP.get(pMethods[0].getName());
        return system != null ? system : super.getMethodHelp(pClass, pMethods);
    }

    @Override
    protected XmlRpcHandler newXmlRpcHandler(Class pClass, Method[] pMethods) throws XmlRpcException {
        return new ArgumentCheckingHandler((XmlRpcMetaDataHandler) super.newXmlRpcHandler(pClass, pMethods),
                pMethods, getTypeConverterFactory());
    }
}
