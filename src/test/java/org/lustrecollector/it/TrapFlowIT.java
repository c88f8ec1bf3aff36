package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.xmlrpc.XmlRpcException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole path in a real Tomcat: trap file → collector → XML-RPC over HTTP, with the default maxtraps of 250. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TrapFlowIT {
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("flow", "");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    private Object call(String method, Object... params) throws XmlRpcException {
        return TomcatItSupport.call(url, method, params);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() throws XmlRpcException {
        return (Map<String, Object>) call("getStatus");
    }

    private double received() throws XmlRpcException {
        return (Double) status().get("received");
    }

    private void awaitReceived(double atLeast) {
        TomcatItSupport.awaitCondition("collector received " + atLeast + " traps", PATIENCE, () -> {
            try {
                return received() >= atLeast;
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Object[] allTraps() throws XmlRpcException {
        return (Object[]) ((Object[]) call("getTraps", 0))[0];
    }

    @Test
    void trapsWrittenToTheTrapFileArriveThroughGetTraps() throws Exception {
        String prefix = "flow-" + UUID.randomUUID() + "-";
        double before = received();
        // Critical and Fatal: after the storm test the store is full of Critical traps, and a less severe
        // trap would rightly be dropped on arrival.
        TrapFileWriter.append(DEPLOYMENT.trapFile,
                TrapFileWriter.line(prefix + 1, 1795000001L, 2, "lustre", "lustre-OST0001", "connection lost")
                + TrapFileWriter.line(prefix + 2, 1795000002L, 3, "scratch", "scratch-MDT0000", "LBUG: ASSERTION( x ) failed"));
        awaitReceived(before + 2);

        Object[] answer = (Object[]) call("getTraps", -3600);
        assertEquals(2, answer.length);
        assertInstanceOf(Integer.class, answer[1]);
        List<Object[]> ours = new ArrayList<>();
        for (Object row : (Object[]) answer[0]) {
            Object[] trap = (Object[]) row;
            if (((String) trap[4]).startsWith(prefix)) {
                ours.add(trap);
            }
        }
        assertEquals(2, ours.size());
        assertArrayEquals(new Object[] {"connection lost", 2, "lustre-OST0001", "lustre", prefix + 1, 1795000001},
                ours.get(0));
        assertArrayEquals(new Object[] {"LBUG: ASSERTION( x ) failed", 3, "scratch-MDT0000", "scratch", prefix + 2,
                1795000002}, ours.get(1));
        int last = (Integer) call("getLastTimestamp");
        assertTrue(last > 0 && last <= (Integer) answer[1], "lastTimestamp " + last + " vs read time " + answer[1]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStormKeepsTheMostSevereTrapsAndCountsTheRest() throws Exception {
        String prefix = "storm-" + UUID.randomUUID() + "-";
        Map<String, Object> before = status();
        StringBuilder fatal = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            fatal.append(TrapFileWriter.line(prefix + "fatal-" + i, 1795000000L + i, 3, "lustre", "lustre-MDT0000", "LBUG"));
        }
        TrapFileWriter.append(DEPLOYMENT.trapFile, fatal);
        StringBuilder storm = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            storm.append(TrapFileWriter.line(prefix + i, 1795000100L, 2, "lustre", String.format("lustre-OST%04x", i),
                    "Connection to lustre-OST" + String.format("%04x", i) + " was lost"));
        }
        TrapFileWriter.append(DEPLOYMENT.trapFile, storm);
        awaitReceived((Double) before.get("received") + 10_005);

        Object[] traps = allTraps();
        assertEquals(250, traps.length, "the store holds maxtraps");
        Set<String> ids = new HashSet<>();
        for (Object row : traps) {
            ids.add((String) ((Object[]) row)[4]);
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(ids.contains(prefix + "fatal-" + i), "Fatal trap " + i + " survived the storm");
        }
        Map<String, Object> after = status();
        double droppedCritical = (Double) ((Map<String, Object>) after.get("droppedByCategory")).get("CRITICAL")
                - (Double) ((Map<String, Object>) before.get("droppedByCategory")).get("CRITICAL");
        double storedBefore = (Integer) before.get("stored");
        // Everything that came in and is not stored now was dropped (nothing is old enough to expire).
        assertEquals(storedBefore + 10_005 - 250, (Double) after.get("dropped") - (Double) before.get("dropped"));
        assertTrue(droppedCritical >= 10_000 - 245, "most of the storm was dropped: " + droppedCritical);
        Map<String, Object> byFs = (Map<String, Object>) after.get("droppedByFileSystem");
        assertTrue((Double) byFs.get("lustre") >= droppedCritical, "drops are counted per filesystem: " + byFs);
    }

    @Test
    void wrongArgumentsAndUnknownMethodsGetFaultsWithDocumentedCodes() {
        XmlRpcException wrongType = assertThrows(XmlRpcException.class, () -> call("getTraps", "yesterday"));
        assertEquals(-32602, wrongType.code);
        assertTrue(wrongType.getMessage().contains("getTraps expects (int time)"), wrongType.getMessage());
        assertEquals(-32602, assertThrows(XmlRpcException.class, () -> call("getTraps")).code);
        assertEquals(-32602, assertThrows(XmlRpcException.class, () -> call("getTraps", 1, 2)).code);
        XmlRpcException unknown = assertThrows(XmlRpcException.class, () -> call("getTrap", 0));
        assertEquals(-32601, unknown.code);
        assertFalse(unknown.getMessage().contains("\tat "), "no stack trace in the fault");
    }

    @Test
    void malformedXmlGetsAFaultNotAnHttpError() throws IOException, InterruptedException {
        HttpResponse<String> response = post("<?xml version=\"1.0\"?><methodCall><methodName>getTraps</methodName>");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<name>faultCode</name><value><i4>-32700</i4></value>"), response.body());
        assertFalse(response.body().contains("at org."), "no stack trace: " + response.body());
    }

    @Test
    void systemMethodsDescribeTheApi() throws XmlRpcException {
        Set<Object> methods = Set.of((Object[]) call("system.listMethods"));
        assertTrue(methods.containsAll(Set.of("getTraps", "getLastTimestamp", "getStatus", "system.listMethods",
                "system.methodHelp", "system.methodSignature")), methods.toString());
        for (String method : List.of("getTraps", "getLastTimestamp", "getStatus")) {
            String help = (String) call("system.methodHelp", method);
            assertTrue(help.startsWith(method + "("), help);
        }
        Object[] signatures = (Object[]) call("system.methodSignature", "getTraps");
        assertArrayEquals(new Object[] {"array", "int"}, (Object[]) signatures[0]);
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
