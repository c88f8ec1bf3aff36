package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.outage.Outage;

/** The relay's outage watch against stub collectors answering getOutages as collectors do. */
class OutageWatchTest {
    private final List<List<Outage>> reports = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private OutageWatch watch(StubCollector... stubs) {
        List<CollectorClient> clients = new ArrayList<>();
        for (StubCollector s : stubs) {
            clients.add(new CollectorClient(Collector.parse(s.url("/"), clients.size()), Optional.empty(),
                    Duration.ofSeconds(5)));
        }
        return new OutageWatch(clients, Duration.ofSeconds(5), reports::add,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void bothMdssReportsAreOneAndACollectorAwayKeepsItsLastReport() throws Exception {
        AtomicBoolean mds2Away = new AtomicBoolean();
        try (StubCollector mds1 = new StubCollector().method("system.listMethods", r -> OutageAnswers.listMethods())
                    .method("getOutages", r -> new Object[] {OutageAnswers.serverDown("10.0.0.7@o2ib1", 6, 1000)});
             StubCollector mds2 = new StubCollector().method("system.listMethods", r -> OutageAnswers.listMethods())
                    .method("getOutages", r -> {
                        if (mds2Away.get()) {
                            throw new XmlRpcException(0, "as a proxy whose backend is gone");
                        }
                        return new Object[] {OutageAnswers.serverDown("10.0.0.7@o2ib1", 8, 1001),
                            OutageAnswers.serverDown("10.0.0.8@o2ib1", 2, 1002)};
                    });
             StubCollector older = new StubCollector();
             OutageWatch watch = watch(mds1, mds2, older)) {
            watch.round();
            List<Outage> first = reports.get(0);
            assertEquals(List.of("server 10.0.0.7@o2ib1", "server 10.0.0.8@o2ib1"),
                    first.stream().map(Outage::identity).toList());
            assertEquals(8, first.get(0).targets());
            assertEquals(List.of(mds1.url("/"), mds2.url("/")), first.get(0).collectors());

            mds2Away.set(true);
            watch.round();
            assertEquals(first, reports.get(1), "mds2's last report stands while it does not answer");
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("outages of " + mds2.url("/") + " not read"), said);
            watch.round();
            assertEquals(1, log.toString(StandardCharsets.UTF_8).lines().count(), "said once until it changes");

            mds2Away.set(false);
            watch.round();
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("outages of " + mds2.url("/") + " read again"));
        }
    }

    @Test
    void startedItReportsOnItsOwnThread() throws Exception {
        try (StubCollector mds1 = new StubCollector().method("system.listMethods", r -> OutageAnswers.listMethods())
                    .method("getOutages", r -> new Object[0]);
             OutageWatch watch = watch(mds1).start(Duration.ofMillis(100))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reports.size() >= 2);
            assertEquals(List.of(), reports.get(0));
        }
    }
}
