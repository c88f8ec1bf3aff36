package org.lustrecollector.rpc;

/**
 * XML-RPC fault codes, following the "Specification for Fault Code Interoperability" (xmlrpc-epi) that
 * Python's {@code xmlrpc.server} and many other servers use, so clients can act on them without
 * parsing messages. Documented in {@code docs/api.md}.
 */
public final class FaultCodes {
    /** The body is not well-formed XML. */
    public static final int PARSE_ERROR = -32700;
    /** Well-formed XML, but not an XML-RPC request. */
    public static final int INVALID_REQUEST = -32600;
    /** No such method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Wrong number or types of arguments. */
    public static final int INVALID_PARAMS = -32602;
    /** The collector failed while answering; details are in its log, not in the fault. */
    public static final int INTERNAL_ERROR = -32603;
    /** The request named a filesystem or node the collector does not know. */
    public static final int NOT_FOUND = -32000;
    /** Too many large answers are being sent at once; the same call later succeeds. */
    public static final int BUSY = -32001;

    private FaultCodes() {
    }
}
