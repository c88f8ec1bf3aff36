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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.lustrecollector.config.ConfigOptions;

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
    /** Longer than the connector's connectionTimeout (4 s): a waiting call is not cut by it. */
    private static final int MAX_WAIT_SECONDS = 6;
    private static final Pattern PROXY_TIMEOUT = Pattern.compile("ProxyPass .* timeout=(\\d+)");
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
                + "allow = 127.0.0.1/32\n" + "maxwait = " + MAX_WAIT_SECONDS + "s\n");

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
    void theSnippetsProxyTimeoutIsLongerThanTheLongestWait() throws Exception {
        Matcher m = PROXY_TIMEOUT.matcher(Files.readString(ApacheHttpd.SNIPPET));
        assertTrue(m.find(), "ProxyPass with timeout= in " + ApacheHttpd.SNIPPET);
        long defaultMaxWait = ConfigOptions.MAXWAIT.parse(ConfigOptions.MAXWAIT.defaultText(), "defaults").toSeconds();
        assertTrue(Long.parseLong(m.group(1)) > defaultMaxWait,
                "ProxyPass timeout " + m.group(1) + " s must be longer than maxwait " + defaultMaxWait + " s");
    }

    @Test
    void aWaitingCallThroughApacheIsAnsweredWhenItsTimeIsUpNotCut() throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(new URL("http://127.0.0.1:" + apache.port + "/lustre-collector/"));
        config.setBasicUserName(USER);
        config.setBasicPassword(PASSWORD);
        config.setReplyTimeout(60_000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        // a time no trap (the demo writes some) will be received at: the call waits its whole maxwait
        int future = Integer.MAX_VALUE - 1;
        long start = System.nanoTime();
        Object[] answer = (Object[]) client.execute("waitTraps", new Object[] {future, 60});
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, ((Object[]) answer[0]).length);
        assertTrue(answer[1] instanceof Integer, "timestamp");
        assertTrue(waited.compareTo(Duration.ofSeconds(MAX_WAIT_SECONDS - 1)) >= 0,
                "waited its maxwait through Apache and AJP: " + waited);
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
