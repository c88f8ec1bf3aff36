package org.lustrecollector.rpc;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.common.TypeConverter;
import org.apache.xmlrpc.common.TypeConverterFactory;
import org.apache.xmlrpc.metadata.XmlRpcMetaDataHandler;
import org.apache.xmlrpc.metadata.XmlRpcSystemImpl;
import org.lustrecollector.trap.TextLimits;

/**
 * Checks a call's arguments against the method's signatures before the reflective handler runs, so that
 * a wrong call gets {@link FaultCodes#INVALID_PARAMS} and a message a person can act on
 * ("getTraps expects (int time); got (string)") instead of the library's generic fault.
 */
final class ArgumentCheckingHandler implements XmlRpcMetaDataHandler {
    private static final int SHOWN_PARAMETERS = 8;
    private final XmlRpcMetaDataHandler delegate;
    private final String name;
    private final List<TypeConverter[]> signatures = new ArrayList<>();
    private final String expected;

    ArgumentCheckingHandler(XmlRpcMetaDataHandler delegate, Method[] methods, TypeConverterFactory converters) {
        this.delegate = delegate;
        // The name clients call: CollectorHandlerMapping registers XmlRpcSystemImpl's methods under "system.".
        this.name = (methods[0].getDeclaringClass() == XmlRpcSystemImpl.class ? "system." : "") + methods[0].getName();
        StringJoiner expectedText = new StringJoiner(" or ");
        for (Method method : methods) {
            Class<?>[] types = method.getParameterTypes();
            TypeConverter[] signature = new TypeConverter[types.length];
            StringJoiner params = new StringJoiner(", ", "(", ")");
            for (int i = 0; i < types.length; i++) {
                signature[i] = converters.getTypeConverter(types[i]);
                Parameter p = method.getParameters()[i];
                params.add(xmlRpcType(types[i]) + (p.isNamePresent() ? " " + p.getName() : ""));
            }
            signatures.add(signature);
            expectedText.add(params.toString());
        }
        this.expected = expectedText.toString();
    }

    @Override
    public Object execute(XmlRpcRequest request) throws XmlRpcException {
        if (!matchesASignature(request)) {
            // At most a few parameters named: a call may carry thousands.
            StringJoiner got = new StringJoiner(", ", "(", ")");
            int n = request.getParameterCount();
            for (int i = 0; i < Math.min(n, SHOWN_PARAMETERS); i++) {
                got.add(xmlRpcTypeOf(request.getParameter(i)));
            }
            if (n > SHOWN_PARAMETERS) {
                got.add("... " + n + " parameters in all");
            }
            throw new XmlRpcException(FaultCodes.INVALID_PARAMS,
                    name + " expects " + TextLimits.abbreviate(expected, 4 * TextLimits.QUOTED_CHARS) + "; got " + got);
        }
        return delegate.execute(request);
    }

    private boolean matchesASignature(XmlRpcRequest request) {
        int n = request.getParameterCount();
        for (TypeConverter[] signature : signatures) {
            if (signature.length != n) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < n && all; i++) {
                all = signature[i].isConvertable(request.getParameter(i));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String[][] getSignatures() throws XmlRpcException {
        return delegate.getSignatures();
    }

    @Override
    public String getMethodHelp() throws XmlRpcException {
        return delegate.getMethodHelp();
    }

    private static String xmlRpcType(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "int";
        }
        if (type == double.class || type == Double.class) {
            return "double";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (type.isArray() || List.class.isAssignableFrom(type)) {
            return "array";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "struct";
        }
        return type.getSimpleName();
    }

    private static String xmlRpcTypeOf(Object value) {
        return value == null ? "nil" : xmlRpcType(value.getClass());
    }
}
