package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.outage.Outage;

/**
 * The web view's outages: each collector's latest getOutages, merged as --status and the relay merge them
 * (the merge itself: OutageMergeTest).
 */
class OutageViewTest {
    private static final String MDS1 = "http://mds1:8980/";
    private static final String MDS2 = "http://mds2:8980/";

    private static Outage server(String collector, String nid, int targets, long since, long ended) {
        return new Outage(Outage.SERVER, nid, targets, 1, List.of("lustre"), since, ended < 0, ended,
                List.of("lustre-OST0010"), List.of(collector));
    }

    private static Outage network(String collector, String net, int targets, int servers, List<String> fs,
            long since, long ended) {
        return new Outage(Outage.NETWORK, net, targets, servers, fs, since, ended < 0, ended,
                List.of("fs1-OST0010", "fs1-OST0011"), List.of(collector));
    }

    @Test
    void thePairsReportsOfOneOutageAreOneWithTheLargerCountsEveryFileSystemAndTheEarliestLoss() {
        OutageView view = new OutageView();
        view.update(MDS2, List.of(network(MDS2, "o2ib1", 4_211, 530, List.of("fs2", "fs1"), 1_001, -1)));
        view.update(MDS1, List.of(network(MDS1, "o2ib1", 4_100, 520, List.of("fs1"), 1_000, -1)));
        assertEquals(List.of(new Outage(Outage.NETWORK, "o2ib1", 4_211, 530, List.of("fs1", "fs2"), 1_000, true, -1,
                List.of("fs1-OST0010", "fs1-OST0011"), List.of(MDS1, MDS2))), view.merged(),
                "whichever answered first: the collectors in the order they lost it");
    }

    @Test
    void aNetworkOutageOfOneMdsTakesInTheOtherMdssServerOutagesOfThatNetwork() {
        OutageView view = new OutageView();
        view.update(MDS1, List.of(network(MDS1, "o2ib1", 12, 3, List.of("lustre"), 1_000, -1)));
        view.update(MDS2, List.of(server(MDS2, "10.0.1.5@o2ib1", 4, 1_001, -1),
                server(MDS2, "10.0.1.6@o2ib1", 4, 1_002, -1), server(MDS2, "10.0.9.1@tcp", 2, 1_003, -1)));
        List<Outage> merged = view.merged();
        assertEquals(List.of("network o2ib1 [" + MDS1 + ", " + MDS2 + "]", "server 10.0.9.1@tcp [" + MDS2 + "]"),
                merged.stream().map(o -> o.identity() + " " + o.collectors()).toList());
        assertEquals(12, merged.get(0).targets());
        view.failed(MDS1);
        assertEquals(3, view.merged().size(), "without the network outage, MDS2's server outages stand");
    }

    @Test
    void aCollectorAwayReportsNone() {
        OutageView view = new OutageView();
        view.update(MDS1, List.of(server(MDS1, "10.0.3.17@o2ib", 8, 100, -1)));
        view.update(MDS2, List.of(server(MDS2, "10.0.3.17@o2ib", 6, 100, -1)));
        view.failed(MDS1);
        assertEquals(6, view.merged().get(0).targets());
        assertEquals(List.of(MDS2), view.merged().get(0).collectors());
        view.failed(MDS2);
        assertTrue(view.merged().isEmpty());
    }
}
