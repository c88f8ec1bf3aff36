package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of docs/apache.md, for real: Debian's Apache httpd with conf/apache/lustre-collector.conf in
 * front of the collector's own Tomcat, started by the launcher with an AJP connector and a generated
 * secret, and a second Apache that holds a wrong secret. The allow list is 127.0.0.1/32 only.
 *
 * <p>The launcher runs in demo mode, which is what lets it run where tests run as root (CI); the demo
 * traps also give getTraps something to return.
 */
class ApacheIT {
    private static final String USER = "monitor";
    private static final String PASSWORD = "s3cret-pass";
    private static final String CALL = "<?xml version=\"1.0\"?><methodCall><methodName>getLastTimestamp</methodName>"
            + "<params/></methodCall>";

    @TempDir
    static Path dir;

    private static Path base;
    private static int httpPort;
    private static Process launcher;
    private static ApacheHttpd apache;
    private static ApacheHttpd wrongSecretApache;

    @BeforeAll
    static void start() throws Exception {
        // Apache's worker runs as nobody when the test runs as root: it must read the htpasswd file.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] random = new byte[24];
        ThreadLocalRandom.current().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path secretFile = dir.resolve("ajp-secret");
        Files.writeString(secretFile, secret + "\n");
        int ajpPort = LauncherProcess.freePort();
        httpPort = LauncherProcess.freePort();
        Path config = dir.resolve("config");
        Files.writeString(config, "ajpsecretfile = " + secretFile + "\najpport = " + ajpPort + "\n"
                + "allow = 127.0.0.1/32\n");

        base = dir.resolve("base");
        launcher = LauncherProcess.start(base, dir.resolve("launcher.out"), "--demo", "--port", String.valueOf(httpPort),
                "-f", config.toString(), "--trapfile", dir.resolve("traps").toString());

        Path htpasswd = dir.resolve("htpasswd");
        Process htpasswdTool = new ProcessBuilder("htpasswd", "-b", "-c", "-B", htpasswd.toString(), USER, PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("htpasswd.out").toFile()).start();
        assertTrue(htpasswdTool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, htpasswdTool.exitValue(), Files.readString(dir.resolve("htpasswd.out")));
        apache = ApacheHttpd.start(dir.resolve("apache"), ajpPort, secret, htpasswd);
        wrongSecretApache = ApacheHttpd.start(dir.resolve("apache-wrong-secret"), ajpPort,
                new StringBuilder(secret).reverse().toString(), htpasswd);

        URL direct = new URL("http://127.0.0.1:" + httpPort + "/");
        TomcatItSupport.awaitCondition("the collector answering on " + httpPort, Duration.ofSeconds(90), () -> {
            try {
                TomcatItSupport.call(direct, "getLastTimestamp");
                return true;
            } catch (XmlRpcException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (ApacheHttpd httpd : new ApacheHttpd[] {apache, wrongSecretApache}) {
                if (httpd != null) {
                    httpd.close();
                }
            }
        } finally {
            if (launcher != null) {
                launcher.destroy();
                launcher.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static RawHttp.Answer throughApache(ApacheHttpd httpd, String from, String authorization, String body)
            throws IOException {
        return RawHttp.send(InetAddress.getByName(from), httpd.port, "/lustre-collector/", authorization, body);
    }

    @Test
    void withoutCredentialsApacheAnswers401() throws Exception {
        RawHttp.Answer answer = throughApache(apache, "127.0.0.1", null, CALL);
        assertEquals(401, answer.status(), answer.toString());
    }

    @Test
    void withValidCredentialsGetTrapsWorksAndTheLogNamesTheUser() throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + apache.port + "/lustre-collector/"));
        config.setBasicUserName(USER);
        config.setBasicPassword(PASSWORD);
        config.setReplyTimeout(10_000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        Object[] answer = (Object[]) client.execute("getTraps", new Object[] {0});
        assertTrue(answer[0] instanceof Object[], "traps");
        assertTrue(answer[1] instanceof Integer, "timestamp");

        TomcatItSupport.awaitCondition("the collector's log names user " + USER, Duration.ofSeconds(10),
                () -> logs().contains("through Apache (AJP), user '" + USER + "'"));
    }

    @Test
    void aClientOn127002ThroughApacheIsAllowedSinceApacheIsThePeer() throws Exception {
        RawHttp.Answer answer = throughApache(apache, "127.0.0.2", RawHttp.basicAuth(USER, PASSWORD), CALL);
        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.body().contains("<methodResponse><params>"), answer.body());
        TomcatItSupport.awaitCondition("the collector's log names the client 127.0.0.2", Duration.ofSeconds(10),
                () -> logs().contains("Calls from 127.0.0.2 through Apache (AJP), user '" + USER + "'"));
    }

    @Test
    void aDirectCallFrom127002Is403() throws Exception {
        RawHttp.Answer answer = RawHttp.send(InetAddress.getByName("127.0.0.2"), httpPort, "/", null, CALL);
        assertEquals(403, answer.status(), answer.toString());
        assertFalse(answer.body().contains("Tomcat"), answer.body());
        // The same call from 127.0.0.1 is answered: the address made the difference.
        assertEquals(200, RawHttp.send(InetAddress.getByName("127.0.0.1"), httpPort, "/", null, CALL).status());
    }

    @Test
    void aGetThroughApacheIs405WithAllowPost() throws Exception {
        RawHttp.Answer answer = throughApache(apache, "127.0.0.1", RawHttp.basicAuth(USER, PASSWORD), null);
        assertEquals(405, answer.status(), answer.toString());
        assertEquals("POST, OPTIONS", answer.headers().get("allow"), answer.toString());
    }

    @Test
    void anApacheWithAWrongSecretIsRefusedByTomcat() throws Exception {
        RawHttp.Answer answer = throughApache(wrongSecretApache, "127.0.0.1", RawHttp.basicAuth(USER, PASSWORD), CALL);
        assertEquals(403, answer.status(), answer.toString());
        assertFalse(answer.body().contains("methodResponse"), answer.body());
    }

    private static String logs() {
        try {
            return LauncherProcess.logs(base);
        } catch (IOException e) {
            return "";
        }
    }
}
