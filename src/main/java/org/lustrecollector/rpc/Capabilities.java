package org.lustrecollector.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.xmlrpc.XmlRpcRequest;
import org.apache.xmlrpc.metadata.XmlRpcMetaDataHandler;

/**
 * {@code system.getCapabilities() -> struct}: the XML-RPC extensions the collector follows, each with the
 * address and version of its specification, as the capabilities convention has them: the fault codes
 * ({@link FaultCodes}), introspection (system.listMethods, methodHelp, methodSignature) and
 * {@link MultiCall}.
 */
final class Capabilities implements XmlRpcMetaDataHandler {
    static final String NAME = "system.getCapabilities";

    private static final Map<String, Object> CAPABILITIES = capabilities();

    @Override
    public Object execute(XmlRpcRequest request) {
        return CAPABILITIES;
    }

    private static Map<String, Object> capabilities() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("faults_interop", spec("http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", 20010516));
        all.put("introspection", spec("http://xmlrpc-c.sourceforge.net/xmlrpc-c/introspection.html", 1));
        all.put("multicall", spec("http://www.xmlrpc.com/discuss/msgReader$1208", 1));
        return Map.copyOf(all);
    }

    private static Map<String, Object> spec(String url, int version) {
        return Map.of("specUrl", url, "specVersion", version);
    }

    @Override
    public String[][] getSignatures() {
        return new String[][] {{"struct"}};
    }

    @Override
    public String getMethodHelp() {
        return NAME + "() -> struct. The XML-RPC extensions the collector follows: faults_interop, introspection "
                + "and multicall, each {specUrl, specVersion}.";
    }
}
