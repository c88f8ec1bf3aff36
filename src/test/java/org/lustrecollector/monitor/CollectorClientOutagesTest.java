package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.outage.Outage;

/** {@link CollectorClient#outages}: getOutages read only from a collector that lists it. */
class CollectorClientOutagesTest {
    private static CollectorClient client(String url) {
        return new CollectorClient(Collector.parse(url, 0), Optional.empty(), Duration.ofSeconds(10));
    }

    @Test
    void readsEveryMemberOfACollectorsOutages() throws Exception {
        Map<String, Object> ended = OutageAnswers.row("network", "o2ib1", 4211, 530,
                new String[] {"lustre", "scratch"}, 1_800_000_000, false, 1_800_000_125, "lustre-OST0100",
                "lustre-OST0101", "scratch-OST0007");
        try (StubCollector stub = new StubCollector()
                .method("system.listMethods", r -> OutageAnswers.listMethods())
                .method("getOutages", r -> new Object[] {
                    OutageAnswers.serverDown("10.0.0.7@o2ib1", 8, 1_800_000_300), ended})) {
            List<Outage> outages = client(stub.url("/")).outages();
            assertEquals(List.of(
                    new Outage("server", "10.0.0.7@o2ib1", 8, 1, List.of("lustre"), 1_800_000_300, true, -1,
                            List.of("lustre-OST0010", "lustre-OST0011", "lustre-OST0012", "lustre-OST0013",
                                    "lustre-OST0014"), List.of(stub.url("/"))),
                    new Outage("network", "o2ib1", 4211, 530, List.of("lustre", "scratch"), 1_800_000_000, false,
                            1_800_000_125, List.of("lustre-OST0100", "lustre-OST0101", "scratch-OST0007"),
                            List.of(stub.url("/")))), outages);
            assertEquals("o2ib1", outages.get(0).lnet());
            assertEquals("o2ib1", outages.get(1).lnet());
        }
    }

    @Test
    void anOlderCollectorHasNoneAndIsNotAskedForThem() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (StubCollector withoutIntrospection = new StubCollector().method("getOutages", r -> {
                asked.incrementAndGet();
                return new Object[0];
            });
             StubCollector withoutOutages = new StubCollector()
                     .method("system.listMethods", r -> new Object[] {"getTraps", "getStatus"})
                     .method("getOutages", r -> {
                         asked.incrementAndGet();
                         return new Object[0];
                     })) {
            assertEquals(List.of(), client(withoutIntrospection.url("/")).outages());
            assertEquals(List.of(), client(withoutOutages.url("/")).outages());
            assertEquals(0, asked.get());
        }
    }

    @Test
    void aCollectorThatIsAwayIsAnErrorNotNoOutages() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        XmlRpcException away = assertThrows(XmlRpcException.class, () -> client("http://127.0.0.1:" + port + "/")
                .outages());
        assertEquals("connection refused", Failures.describe(away));
    }

    @Test
    void aMalformedOutageIsAClearError() throws Exception {
        Map<String, Object> noActive = OutageAnswers.serverDown("10.0.0.7@o2ib1", 8, 1_800_000_300);
        noActive.put("active", "yes");
        try (StubCollector stub = new StubCollector()
                .method("system.listMethods", r -> OutageAnswers.listMethods())
                .method("getOutages", r -> new Object[] {noActive})) {
            BadAnswerException e = assertThrows(BadAnswerException.class, () -> client(stub.url("/")).outages());
            assertTrue(e.getMessage().contains("outage active should be a boolean"), e.getMessage());
        }
    }
}
