package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.xmlrpc.client.XmlRpcClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A monitor that keeps passing back the timestamp misses no trap, while a producer appends 100,000
 * traps. maxtraps is large enough that every trap is still stored when the poller could see it, so
 * every single one must have been returned.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PollerIT {
    private static final int TRAPS = 100_000;
    private static final int PER_WRITE = 500;
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("poller", "maxtraps = 200000\n");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    @Test
    void aPollerPassingBackTheTimestampMissesNoTrap() throws Exception {
        String prefix = "poll-" + UUID.randomUUID() + "-";
        XmlRpcClient client = TomcatItSupport.xmlRpcClient(url);
        Set<String> seen = new HashSet<>();
        AtomicBoolean writerDone = new AtomicBoolean();

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int start = 0; start < TRAPS; start += PER_WRITE) {
                    StringBuilder lines = new StringBuilder();
                    for (int i = start; i < start + PER_WRITE; i++) {
                        lines.append(TrapFileWriter.line(prefix + i, 1795000000L + i, i % 4, "lustre",
                                String.format("lustre-OST%04x", i % 4096), "trap " + i));
                    }
                    TrapFileWriter.append(DEPLOYMENT.trapFile, lines);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                writerDone.set(true);
            }
        });

        int timestamp = 0;
        int polls = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            // Read whether everything is in before polling, so the last poll sees all of it.
            boolean complete = writerDone.get() && receivedOurs(client) >= TRAPS;
            Object[] answer = (Object[]) client.execute("getTraps", new Object[] {timestamp});
            polls++;
            for (Object row : (Object[]) answer[0]) {
                String id = (String) ((Object[]) row)[4];
                if (id.startsWith(prefix)) {
                    seen.add(id);
                }
            }
            timestamp = (Integer) answer[1];
            if (complete) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "gave up after " + polls + " polls; seen " + seen.size());
        }
        writer.get(1, TimeUnit.MINUTES);
        assertEquals(TRAPS, seen.size(), "after " + polls + " polls");
        assertTrue(polls > 2, "the poller ran while traps were being written: " + polls + " polls");
    }

    @SuppressWarnings("unchecked")
    private static double receivedOurs(XmlRpcClient client) throws Exception {
        Map<String, Object> status = (Map<String, Object>) client.execute("getStatus", new Object[0]);
        return (Double) status.get("received");
    }
}
