package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR's own access filter on a plain Tomcat (no RemoteCIDRValve, the stock error report valve that
 * shows Tomcat's version): allow list by peer address, POST only, body limits, no server details.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessIT {
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("access",
            "allow = 127.0.0.1/32\nmaxbody = 4k\n");
    private static final String CALL = "<?xml version=\"1.0\"?><methodCall><methodName>getLastTimestamp</methodName>"
            + "<params/></methodCall>";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    private RawHttp.Answer send(String from, String body) throws Exception {
        return RawHttp.send(InetAddress.getByName(from), url.getPort(), url.getPath(), null, body);
    }

    @Test
    void aPeerOutsideTheAllowListIs403AndTheSameCallFromInsideIsAnswered() throws Exception {
        RawHttp.Answer stranger = send("127.0.0.2", CALL);
        assertEquals(403, stranger.status(), stranger.toString());
        assertFalse(stranger.body().contains("methodResponse"), stranger.body());
        RawHttp.Answer local = send("127.0.0.1", CALL);
        assertEquals(200, local.status(), local.toString());
        assertTrue(local.body().contains("<methodResponse><params>"), local.body());
    }

    @Test
    void aGetIs405WithAllowPostAndNoServerDetails() throws Exception {
        RawHttp.Answer get = send("127.0.0.1", null);
        assertEquals(405, get.status(), get.toString());
        assertEquals("POST, OPTIONS", get.headers().get("allow"));
        assertFalse(get.body().contains("Tomcat"), get.body());
        assertFalse(get.body().contains("Exception"), get.body());
    }

    @Test
    void aBodyDeclaredLargerThanMaxbodyIs413() throws Exception {
        RawHttp.Answer big = send("127.0.0.1", CALL + " ".repeat(5000));
        assertEquals(413, big.status(), big.toString());
        assertFalse(big.body().contains("Tomcat"), big.body());
    }

    @Test
    void aChunkedBodyLargerThanMaxbodyIsAFault() throws Exception {
        byte[] body = (CALL + " ".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml")
                // No length known beforehand: sent chunked, so only the XML-RPC reader can count it.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<i4>-32600</i4>"), answer.body());
        assertTrue(answer.body().contains("Request body is larger than the collector accepts (4096 bytes)"), answer.body());
    }
}
