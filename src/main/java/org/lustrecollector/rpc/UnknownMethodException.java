package org.lustrecollector.rpc;

import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.lustrecollector.trap.TextLimits;

/** No method of that name: its message is the fault's, with the name cut to a bounded length. */
final class UnknownMethodException extends XmlRpcNoSuchHandlerException {
    private static final long serialVersionUID = 1L;

    UnknownMethodException(String name) {
        super(describe(name));
    }

    static String describe(String name) {
        return "Unknown method: " + TextLimits.abbreviate(name, TextLimits.QUOTED_CHARS)
                + "; system.listMethods lists the methods";
    }
}
