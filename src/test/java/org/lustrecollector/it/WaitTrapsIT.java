package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * waitTraps in a real Tomcat with Apache XML-RPC's Java client: a waiter answered by a new trap, one answered
 * by its timeout (empty, with a timestamp that loses nothing), maxwaiters exceeded. Shutdown with waiters is in
 * {@link RedeployLeakIT}, a waiter through Apache httpd in {@link ApacheIT}, Python's client in
 * {@link PythonInteropIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WaitTrapsIT {
    private static final int MAX_WAITERS = 4;
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("wait",
            "maxwait = 8s\nmaxwaiters = " + MAX_WAITERS + "\n");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownNow();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
    }

    /** A client whose reply timeout is longer than any wait. */
    private XmlRpcClient client() {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(url);
        config.setConnectionTimeout(5_000);
        config.setReplyTimeout(60_000);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        return client;
    }

    private Object[] waitTraps(int time, int seconds) throws XmlRpcException {
        return (Object[]) client().execute("waitTraps", new Object[] {time, seconds});
    }

    private CompletableFuture<Object[]> waiting(int time, int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return waitTraps(time, seconds);
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
    }

    private int waitingNow() throws XmlRpcException {
        return (Integer) ((Map<?, ?>) client().execute("getStatus", new Object[0])).get("waiting");
    }

    private void awaitWaiting(int n) {
        TomcatItSupport.awaitCondition(n + " calls waiting", PATIENCE, () -> {
            try {
                return waitingNow() == n;
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A time to wait from: after the newest stored trap, so nothing stored is at or after it, and not in the
     * future, so a trap written now is. Waits for the collector's clock to pass the newest trap's second.
     */
    private int now() throws XmlRpcException {
        int last = (Integer) client().execute("getLastTimestamp", new Object[0]);
        int[] stamp = new int[1];
        TomcatItSupport.awaitCondition("the collector's clock past the newest trap", PATIENCE, () -> {
            try {
                stamp[0] = (Integer) ((Object[]) client().execute("getTraps", new Object[] {-1}))[1];
                return stamp[0] > last;
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
        return stamp[0];
    }

    private static List<String> ids(Object[] answer) {
        List<String> ids = new ArrayList<>();
        for (Object row : (Object[]) answer[0]) {
            ids.add((String) ((Object[]) row)[4]);
        }
        return ids;
    }

    private void writeTrap(String id) throws Exception {
        TrapFileWriter.append(DEPLOYMENT.trapFile, TrapFileWriter.line(id, 1_800_000_000L, 3, "lustre", "lustre-MDT0000",
                "waited for"));
    }

    @Test
    void aWaiterIsAnsweredByANewTrap() throws Exception {
        int from = now();
        CompletableFuture<Object[]> waiter = waiting(from, 60);
        awaitWaiting(1);
        String id = "wait-" + UUID.randomUUID();
        writeTrap(id);
        Object[] answer = waiter.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(id), ids(answer));
        assertTrue((Integer) answer[1] >= from, "timestamp " + answer[1] + " before " + from);
        assertEquals(0, waitingNow());
    }

    @Test
    void aWaiterWhoseTimeIsUpGetsNothingAndATimestampThatLosesNothing() throws Exception {
        int from = now();
        long start = System.nanoTime();
        // 60 asked for, maxwait 8 s given
        Object[] answer = waitTraps(from, 60);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(List.of(), ids(answer));
        assertTrue(waited.compareTo(Duration.ofSeconds(7)) >= 0 && waited.compareTo(Duration.ofSeconds(20)) < 0,
                "waited " + waited + " for maxwait 8 s");
        int timestamp = assertInstanceOf(Integer.class, answer[1]);
        assertTrue(timestamp >= from);

        String id = "after-timeout-" + UUID.randomUUID();
        writeTrap(id);
        TomcatItSupport.awaitCondition("the trap after the timeout comes from its timestamp", PATIENCE, () -> {
            try {
                return ids(waitTraps(timestamp, 0)).contains(id);
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void pastMaxWaitersACallAnswersAtOnceAndOneBatchWakesEveryWaiter() throws Exception {
        int from = now();
        List<CompletableFuture<Object[]>> waiters = new ArrayList<>();
        for (int i = 0; i < MAX_WAITERS; i++) {
            waiters.add(waiting(from, 60));
        }
        awaitWaiting(MAX_WAITERS);
        long start = System.nanoTime();
        Object[] refused = waitTraps(from, 60);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(List.of(), ids(refused), "answered as getTraps would");
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "answered at once, not after maxwait: " + took);

        String id = "storm-" + UUID.randomUUID();
        writeTrap(id);
        for (CompletableFuture<Object[]> waiter : waiters) {
            assertEquals(List.of(id), ids(waiter.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)));
        }
        assertEquals(0, waitingNow());
    }

    @Test
    void secondsOfZeroAnswersAtOnceAndANegativeTimeIsTheLastSeconds() throws Exception {
        String id = "recent-" + UUID.randomUUID();
        writeTrap(id);
        TomcatItSupport.awaitCondition("the trap is stored", PATIENCE, () -> {
            try {
                return ids(waitTraps(-60, 0)).contains(id);
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
        // stored within the last minute: waitTraps(-60, 60) has something at once
        assertTrue(ids(waitTraps(-60, 60)).contains(id));
    }
}
