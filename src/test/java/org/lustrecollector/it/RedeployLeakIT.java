package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lustrecollector.collector.TrapCollector;

/**
 * Deploy and undeploy the WAR several times: no collector thread may survive and Tomcat must not report a leak.
 * Each undeploy finds waitTraps calls waiting; each is answered at once, as getTraps would be.
 */
@ExtendWith(ArquillianExtension.class)
class RedeployLeakIT {
    private static final String DEPLOYMENT = "cycle";
    private static final int CYCLES = 5;
    private static final int WAITERS = 3;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return CollectorDeployment.prepare(DEPLOYMENT, "").war();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void repeatedDeployUndeployLeavesNoCollectorThread() throws Exception {
        URL url = TomcatItSupport.contextUrl("/cycle");
        String worker = TrapCollector.THREAD_NAME;
        try (TomcatItSupport.TomcatJvm jvm = new TomcatItSupport.TomcatJvm()) {
            long baseline = jvm.countThreadsNamed(worker); // collectors of the other IT deployments

            for (int i = 1; i <= CYCLES; i++) {
                deployer.deploy(DEPLOYMENT);
                assertEquals(0, TomcatItSupport.call(url, "getLastTimestamp"));
                // contextInitialized ran before deploy() returned, so the collector thread is there
                assertEquals(baseline + 1, jvm.countThreadsNamed(worker), () -> "threads: " + jvm.threadNames());

                List<CompletableFuture<Object>> waiters = new ArrayList<>();
                ExecutorService clients = Executors.newFixedThreadPool(WAITERS);
                try {
                    int from = (Integer) ((Object[]) TomcatItSupport.call(url, "getTraps", 0))[1] + 1;
                    for (int w = 0; w < WAITERS; w++) {
                        waiters.add(CompletableFuture.supplyAsync(() -> waitTraps(url, from), clients));
                    }
                    TomcatItSupport.awaitCondition(WAITERS + " calls waiting before undeploy #" + i, Duration.ofSeconds(30),
                        () -> waiting(url) == WAITERS);

                    deployer.undeploy(DEPLOYMENT);
                    for (CompletableFuture<Object> waiter : waiters) {
                        Object answer = waiter.get(10, TimeUnit.SECONDS);
                        assertTrue(answer instanceof Object[] a && a.length == 2 && a[0] instanceof Object[],
                            "a waiter is answered as getTraps would be on undeploy, got " + answer);
                    }
                } finally {
                    clients.shutdownNow();
                }
                // contextDestroyed joined the collector thread before undeploy() returned; the deadline only
                // absorbs JMX round-trip noise, it is not a sleep
                TomcatItSupport.awaitCondition("no extra collector thread after undeploy #" + i, Duration.ofSeconds(5),
                    () -> jvm.countThreadsNamed(worker) == baseline);
            }
            assertEquals(baseline, jvm.countThreadsNamed(worker), () -> "threads: " + jvm.threadNames());
        }

        List<String> log = TomcatItSupport.catalinaLogLines();
        assertTrue(log.stream().noneMatch(l -> l.contains("TrapWaiters")), "no waiter failed to be answered");
        // positive control: we are reading the right log, and it saw every undeploy
        long undeploys = log.stream().filter(l -> l.contains("Undeploying context [/cycle]")).count();
        assertTrue(undeploys >= CYCLES, "expected " + CYCLES + " undeploys of /cycle in catalina log, saw " + undeploys);
        // Leaks of this test's deployment, and any of the collector's or Weld's threads from any deployment.
        // Not Tomcat's own Catalina-utility threads: Tomcat may start one while a deployment's class loader is
        // current (an async request's timeout or dispatch) and then blames that deployment for it.
        List<String> leaks = log.stream()
            .filter(l -> l.contains("appears to have started a thread named") || l.contains("failed to stop it"))
            .filter(l -> !l.contains("thread named [Catalina-utility-"))
            .filter(l -> l.contains("web application [" + DEPLOYMENT + "]")
                || l.contains("thread named [" + worker) || l.contains("thread named [weld"))
            .collect(Collectors.toList());
        assertTrue(leaks.isEmpty(), () -> "Tomcat reported leaked threads:\n" + String.join("\n", leaks));
    }

    /** waitTraps(from, 60) with a client that waits longer than that. */
    private static Object waitTraps(URL url, int from) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(url);
        config.setConnectionTimeout(5_000);
        config.setReplyTimeout(90_000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        try {
            return client.execute("waitTraps", new Object[] {from, 60});
        } catch (XmlRpcException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int waiting(URL url) {
        try {
            return (Integer) ((Map<?, ?>) TomcatItSupport.call(url, "getStatus")).get("waiting");
        } catch (XmlRpcException e) {
            throw new IllegalStateException(e);
        }
    }
}
