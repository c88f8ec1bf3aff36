package org.lustrecollector.monitor;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcHttpTransportException;

/** One short line for why a call failed, for an administrator rather than a developer. */
final class Failures {
    /** XML-RPC's "no such method" fault ({@code docs/api.md}). */
    static final int NO_SUCH_METHOD = -32601;

    private Failures() {
    }

    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof XmlRpcHttpTransportException http) {
                return "HTTP " + http.getStatusCode() + " " + http.getStatusMessage();
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer in time (" + t.getMessage() + ")";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof XmlRpcException rpc && rpc.code != 0) {
                return "fault " + rpc.code + ": " + rpc.getMessage();
            }
            if (t.getCause() == null || t.getCause() == t) {
                return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            }
        }
        return String.valueOf(failure);
    }

    static boolean isNoSuchMethod(Throwable failure) {
        return failure instanceof XmlRpcException rpc && rpc.code == NO_SUCH_METHOD;
    }
}
