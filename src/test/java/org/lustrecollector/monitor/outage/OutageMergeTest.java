package org.lustrecollector.monitor.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The one merge of --status, the relay and the web view (docs/outages.md, "Seen by the monitor"): both MDSs of
 * a pair report the outages they both see, and one may see as a network outage what the other, below its
 * {@code outageservers}, reports as server outages.
 */
class OutageMergeTest {
    private static final String MDS1 = "http://mds1:8980/";
    private static final String MDS2 = "http://mds2:8980/";
    /** Two hours, so that "an hour apart" outages both fit in the last hour of getOutages and well apart. */
    private static final long T = 1_800_000_000L;

    private static Outage server(String collector, String nid, int targets, long since, long ended,
            String... examples) {
        return new Outage(Outage.SERVER, nid, targets, 1, List.of("lustre"), since, ended < 0, ended,
                List.of(examples), List.of(collector));
    }

    private static Outage network(String collector, String net, int targets, int servers, List<String> fs,
            long since, long ended, String... examples) {
        return new Outage(Outage.NETWORK, net, targets, servers, fs, since, ended < 0, ended, List.of(examples),
                List.of(collector));
    }

    private static List<String> rows(List<Outage> merged) {
        return merged.stream().map(o -> o.identity() + " " + o.since() + (o.active() ? " active" : " ended " + o.ended())
                + " " + o.targets() + "/" + o.servers() + " " + o.collectors()).toList();
    }

    @Test
    void theSameOssTwiceAnHourApartIsTwoOutagesEachReportedByBothMdss() {
        // the OSS crashed, came back after 3 minutes, crashed again 55 minutes later: both MDSs list both
        List<Outage> merged = OutageMerge.merged(List.of(
                server(MDS1, "10.0.3.17@o2ib", 8, T, T + 180), server(MDS1, "10.0.3.17@o2ib", 8, T + 3480, T + 3600),
                server(MDS2, "10.0.3.17@o2ib", 8, T + 1, T + 185), server(MDS2, "10.0.3.17@o2ib", 7, T + 3481, -1)));
        assertEquals(List.of(
                "server 10.0.3.17@o2ib " + (T + 3480) + " active 8/1 [" + MDS1 + ", " + MDS2 + "]",
                "server 10.0.3.17@o2ib " + T + " ended " + (T + 185) + " 8/1 [" + MDS1 + ", " + MDS2 + "]"),
                rows(merged));
    }

    @Test
    void bothMdssReportsOfOneCrashAreOneWithBothCollectorsAndTheLargerCounts() {
        Outage mds1 = server(MDS1, "10.0.0.7@o2ib1", 6, T, -1, "lustre-OST0010");
        Outage mds2 = new Outage(Outage.SERVER, "10.0.0.7@o2ib1", 8, 1, List.of("scratch", "lustre"), T - 1, false,
                T + 200, List.of("lustre-OST0010", "scratch-OST0001"), List.of(MDS2));
        assertEquals(List.of(new Outage(Outage.SERVER, "10.0.0.7@o2ib1", 8, 1, List.of("lustre", "scratch"), T - 1,
                true, -1, List.of("lustre-OST0010", "scratch-OST0001"), List.of(MDS2, MDS1))),
                OutageMerge.merged(List.of(mds1, mds2)),
                "active while either MDS still misses a target; the collectors in the order they lost it");
        List<Outage> bothBack = OutageMerge.merged(List.of(server(MDS1, "10.0.0.7@o2ib1", 6, T, T + 300), mds2));
        assertFalse(bothBack.get(0).active());
        assertEquals(T + 300, bothBack.get(0).ended(), "the later end");
    }

    @Test
    void twoOutagesOneCollectorKeepsApartStayApart() {
        List<Outage> merged = OutageMerge.merged(List.of(server(MDS1, "10.0.3.17@o2ib", 8, T, -1),
                server(MDS1, "10.0.3.17@o2ib", 3, T + 50, -1)));
        assertEquals(2, merged.size(), merged.toString());
    }

    @Test
    void aNetworkOutageOnOneMdsTakesInTheServerOutagesTheOtherReportsOnThatNetwork() {
        // MDS1 lost 3 servers of o2ib1 (its outageservers): a network outage. MDS2 mounts fewer OSTs there and
        // lost 2 of those servers: below its outageservers, two server outages.
        Outage net = network(MDS1, "o2ib1", 6, 3, List.of("lustre"), T, -1, "lustre-OST0010", "lustre-OST0011");
        List<Outage> merged = OutageMerge.merged(List.of(net,
                new Outage(Outage.SERVER, "10.0.1.5@o2ib1", 8, 1, List.of("scratch"), T + 1, true, -1,
                        List.of("scratch-OST0000", "scratch-OST0001", "scratch-OST0002"), List.of(MDS2)),
                server(MDS2, "10.0.1.6@o2ib1", 4, T - 1, T + 60, "lustre-OST0020", "lustre-OST0021",
                        "lustre-OST0022")));
        assertEquals(List.of(new Outage(Outage.NETWORK, "o2ib1", 12, 3, List.of("lustre", "scratch"), T - 1, true, -1,
                List.of("lustre-OST0020", "lustre-OST0021", "lustre-OST0022", "scratch-OST0000", "scratch-OST0001"),
                List.of(MDS1, MDS2))), merged,
                "one network outage: the larger counts (MDS2's 12 targets, MDS1's 3 servers), the examples of "
                        + "the servers' side, which counts more targets, earliest first, five");

        Outage smaller = OutageMerge.merged(List.of(network(MDS1, "o2ib1", 4_211, 530, List.of("lustre"), T, -1, "a"),
                server(MDS2, "10.0.1.5@o2ib1", 8, T + 1, T + 30, "b"))).get(0);
        assertEquals(4_211, smaller.targets());
        assertEquals(530, smaller.servers());
        assertEquals(List.of("a"), smaller.examples(), "the network's own examples when it counts more");
        assertTrue(smaller.active());
    }

    @Test
    void aServerOutageOfAnotherNetworkOrTimeOrOneTheNetworksCollectorKeptApartStays() {
        List<Outage> merged = OutageMerge.merged(List.of(network(MDS1, "o2ib1", 40, 5, List.of("lustre"), T, T + 600),
                server(MDS2, "10.0.2.5@o2ib2", 8, T + 10, -1),          // another network
                server(MDS2, "10.0.1.9@o2ib11", 8, T + 10, -1),         // a network whose name starts alike
                server(MDS2, "10.0.1.7@o2ib1", 8, T + 700, -1),         // after the network outage ended
                server(MDS2, "10.0.1.8@o2ib1", 8, T - 900, T - 1),      // ended before it began
                server(MDS1, "10.0.1.5@o2ib1", 2, T + 5, T + 30),       // MDS1 itself kept it apart,
                server(MDS2, "10.0.1.5@o2ib1", 2, T + 6, T + 31),       // so MDS2's report joins MDS1's
                server(MDS2, "nid-less", 8, T + 10, -1)));
        assertEquals(List.of(
                "server 10.0.1.9@o2ib11 " + (T + 10) + " active 8/1 [" + MDS2 + "]",
                "server 10.0.2.5@o2ib2 " + (T + 10) + " active 8/1 [" + MDS2 + "]",
                "server nid-less " + (T + 10) + " active 8/1 [" + MDS2 + "]",
                "server 10.0.1.7@o2ib1 " + (T + 700) + " active 8/1 [" + MDS2 + "]",
                "network o2ib1 " + T + " ended " + (T + 600) + " 40/5 [" + MDS1 + "]",
                "server 10.0.1.5@o2ib1 " + (T + 5) + " ended " + (T + 31) + " 2/1 [" + MDS1 + ", " + MDS2 + "]",
                "server 10.0.1.8@o2ib1 " + (T - 900) + " ended " + (T - 1) + " 8/1 [" + MDS2 + "]"),
                rows(merged), "active ones first in the order they formed, then the latest ended first");
    }

    @Test
    void aServerOutageOverlappingTwoNetworkOutagesOfItsNetworkJoinsTheEarliest() {
        List<Outage> merged = OutageMerge.merged(List.of(
                network(MDS1, "o2ib1", 40, 5, List.of("lustre"), T, T + 100),
                network(MDS1, "o2ib1", 40, 5, List.of("lustre"), T + 200, -1),
                server(MDS2, "10.0.1.5@o2ib1", 2, T + 50, -1)));
        assertEquals(List.of("network o2ib1 " + T + " active 40/5 [" + MDS1 + ", " + MDS2 + "]",
                "network o2ib1 " + (T + 200) + " active 40/5 [" + MDS1 + "]"), rows(merged),
                "active while MDS2 still misses that server's targets");
    }

    @Test
    void anOutageNeedsAKindAndAKeyAndKnowsItsNetwork() {
        assertThrows(IllegalArgumentException.class, () -> server(MDS1, "", 1, T, -1));
        assertEquals("o2ib1", server(MDS1, "10.0.0.7@o2ib1", 2, T, -1).lnet());
        assertEquals("tcp", network(MDS1, "tcp", 2, 2, List.of(), T, -1).lnet());
        assertEquals("", server(MDS1, "no-nid", 2, T, -1).lnet());
        assertEquals(-1, new Outage(Outage.SERVER, "n@tcp", 1, 1, List.of(), T, true, T + 5, List.of(),
                List.of(MDS1)).ended(), "no end while active");
    }
}
