package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/** Helpers shared by the ITs: system properties from failsafe, JMX view of the Tomcat JVM, catalina logs. */
final class TomcatItSupport {
    private TomcatItSupport() {
    }

    static String prop(String name) {
        return Objects.requireNonNull(System.getProperty(name), () -> "system property " + name + " not set (run via mvn verify)");
    }

    static File builtWar() {
        File war = new File(prop("it.war"));
        if (!war.isFile()) {
            fail(war + " does not exist: the ITs must run after `package` (failsafe, mvn verify)");
        }
        return war;
    }

    static Path catalinaBase() {
        return Path.of(prop("tomcat.it.base"));
    }

    static URL contextUrl(String contextPath) throws IOException {
        return new URL("http://127.0.0.1:" + prop("tomcat.it.http.port") + contextPath + "/");
    }

    static XmlRpcClient xmlRpcClient(URL url) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(url);
        config.setConnectionTimeout(5_000);
        config.setReplyTimeout(10_000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        return client;
    }

    static Object call(URL url, String method, Object... params) throws XmlRpcException {
        return xmlRpcClient(url).execute(method, params);
    }

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    /** Poll a condition until it holds or the deadline passes. No fixed sleeps. */
    static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos()); // poll interval between checks, not a synchronisation sleep
        }
    }

    /**
     * JMX connection to the managed Tomcat JVM (arquillian-tomcat-managed already starts it with
     * -Dcom.sun.management.jmxremote.port, see arquillian.xml). Lets the test read the server's threads
     * without hunting for its pid.
     */
    static final class TomcatJvm implements AutoCloseable {
        private final JMXConnector connector;
        private final ThreadMXBean threads;

        TomcatJvm() throws IOException {
            String port = prop("tomcat.it.jmx.port");
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            connector = JMXConnectorFactory.connect(url, null);
            MBeanServerConnection mbs = connector.getMBeanServerConnection();
            threads = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(mbs, ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
            // make sure we are looking at *our* Tomcat and not some other JVM that happens to own the port
            assertEquals(catalinaBase().toAbsolutePath().toString(), runtime.getSystemProperties().get("catalina.base"),
                "JMX port belongs to a JVM with another catalina.base");
        }

        List<String> threadNames() {
            return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(Objects::nonNull) // threads that died between the two calls
                .map(ThreadInfo::getThreadName)
                .collect(Collectors.toList());
        }

        long countThreadsNamed(String name) {
            return threadNames().stream().filter(name::equals).count();
        }

        @Override
        public void close() throws IOException {
            connector.close();
        }
    }

    /** All lines of CATALINA_BASE/logs/catalina.*.log (the test base uses the synchronous juli FileHandler). */
    static List<String> catalinaLogLines() {
        Path logs = catalinaBase().resolve("logs");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("catalina.")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
