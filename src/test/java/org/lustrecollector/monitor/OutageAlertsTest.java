package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;
import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageMerge;

/** The relay's outage alerts, and the NID labels of target alerts that let an outage inhibit them. */
class OutageAlertsTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000);
    private static final long T = NOW.getEpochSecond();
    private final OutageAlerts alerts = new OutageAlerts(100);

    private static Outage server(String nid, int targets, boolean active, long ended, String... collectors) {
        return new Outage("server", nid, targets, 1, List.of("lustre"), T - 30, active, ended,
                List.of("lustre-OST0010", "lustre-OST0011"), List.of(collectors));
    }

    @Test
    void anActiveServerOutageIsOneAlertLabelledWithItsNidAndNetwork() {
        List<Alert> sent = alerts.update(List.of(server("10.0.0.7@o2ib1", 8, true, -1, "http://mds1/")), NOW);
        assertEquals(1, sent.size());
        Alert a = sent.get(0);
        assertEquals(Map.of("alertname", "LustreOutage", "kind", "server", "nid", "10.0.0.7@o2ib1", "lnet", "o2ib1",
                "severity", "critical"), a.labels());
        assertEquals("Server 10.0.0.7@o2ib1 is gone: 8 targets lost (lustre): lustre-OST0010 lustre-OST0011 ...",
                a.annotations().get("summary"));
        assertEquals("8", a.annotations().get("targets"));
        assertEquals("1", a.annotations().get("servers"));
        assertEquals("lustre", a.annotations().get("filesystems"));
        assertEquals("lustre-OST0010 lustre-OST0011", a.annotations().get("examples"));
        assertEquals("http://mds1/", a.annotations().get("collectors"));
        assertEquals(NOW.minusSeconds(30), a.startsAt());
        assertEquals(Instant.MAX, a.endsAt(), "firing until the outage ends");
    }

    @Test
    void aNetworkOutageHasNoNidButItsNetwork() {
        Outage net = new Outage("network", "o2ib1", 4211, 530, List.of("lustre", "scratch"), T, true, -1,
                List.of("lustre-OST0100"), List.of("c"));
        Alert a = alerts.update(List.of(net), NOW).get(0);
        assertEquals(Map.of("alertname", "LustreOutage", "kind", "network", "lnet", "o2ib1", "severity", "critical"),
                a.labels());
        assertEquals("LNet network o2ib1 (a router or the network itself): 4211 targets on 530 servers lost "
                + "(lustre, scratch): lustre-OST0100 ...", a.annotations().get("summary"));
    }

    @Test
    void aGrowingOutageIsSentAgainAnUnchangedOneIsNot() {
        alerts.update(List.of(server("10.0.0.7@o2ib1", 2, true, -1, "c1")), NOW);
        assertEquals(List.of(), alerts.update(List.of(server("10.0.0.7@o2ib1", 2, true, -1, "c1")), NOW));
        List<Alert> grown = alerts.update(List.of(server("10.0.0.7@o2ib1", 8, true, -1, "c1", "c2")), NOW);
        assertEquals(1, grown.size());
        assertEquals("8", grown.get(0).annotations().get("targets"));
        assertEquals("c1 c2", grown.get(0).annotations().get("collectors"));
        assertEquals(1, alerts.size());
        assertEquals(grown, alerts.active());
    }

    @Test
    void theAlertResolvesWhenTheOutageEndsOrIsReportedNoMore() {
        alerts.update(List.of(server("10.0.0.7@o2ib1", 8, true, -1, "c"), server("10.0.0.8@tcp", 2, true, -1, "c")),
                NOW);
        List<Alert> ended = alerts.update(List.of(server("10.0.0.7@o2ib1", 8, false, T + 60, "c"),
                server("10.0.0.8@tcp", 2, true, -1, "c")), NOW.plusSeconds(65));
        assertEquals(1, ended.size());
        assertEquals(Instant.ofEpochSecond(T + 60), ended.get(0).endsAt(), "its end is the collector's");
        assertEquals("10.0.0.7@o2ib1", ended.get(0).labels().get("nid"));
        List<Alert> gone = alerts.update(List.of(), NOW.plusSeconds(70));
        assertEquals(1, gone.size(), "a collector restarted knows of none: resolved now");
        assertEquals(NOW.plusSeconds(70), gone.get(0).endsAt());
        assertEquals(0, alerts.size());
        assertEquals(List.of(), alerts.update(List.of(server("10.0.0.9@tcp", 2, false, T, "c")), NOW),
                "an outage already over when first seen was never alerted");
    }

    @Test
    void beyondCapacityNewOutagesAreCountedNotAlerted() {
        OutageAlerts small = new OutageAlerts(1);
        small.update(List.of(server("10.0.0.7@o2ib1", 2, true, -1, "c")), NOW);
        assertEquals(List.of(), small.update(List.of(server("10.0.0.7@o2ib1", 2, true, -1, "c"),
                server("10.0.0.8@o2ib1", 2, true, -1, "c")), NOW));
        assertEquals(1, small.discarded());
    }

    @Test
    void aServerOutageFoldedIntoAnotherMdssNetworkOutageHasNoAlertOfItsOwn() {
        Outage mds2Server = server("10.0.0.7@o2ib1", 8, true, -1, "http://mds2/");
        List<Alert> first = alerts.update(OutageMerge.merged(List.of(mds2Server)), NOW);
        assertEquals("10.0.0.7@o2ib1", first.get(0).labels().get("nid"), "alone, MDS2's server outage is alerted");
        Outage mds1Network = new Outage("network", "o2ib1", 40, 5, List.of("lustre"), T - 31, true, -1,
                List.of("lustre-OST0100"), List.of("http://mds1/"));
        List<Alert> folded = alerts.update(OutageMerge.merged(List.of(mds1Network, mds2Server)), NOW.plusSeconds(10));
        assertEquals(2, folded.size(), folded.toString());
        Alert network = folded.stream().filter(a -> "network".equals(a.labels().get("kind"))).findFirst().orElseThrow();
        assertEquals(Instant.MAX, network.endsAt());
        assertEquals("http://mds1/ http://mds2/", network.annotations().get("collectors"));
        Alert server = folded.stream().filter(a -> "server".equals(a.labels().get("kind"))).findFirst().orElseThrow();
        assertEquals(NOW.plusSeconds(10), server.endsAt(), "the server's alert resolved: the network's stands for it");
        assertEquals(1, alerts.size());
        assertEquals(List.of(), alerts.update(OutageMerge.merged(List.of(mds2Server, mds1Network)), NOW.plusSeconds(20)));
    }

    @Test
    void anOutageOfTheSameServerEndedEarlierDoesNotResolveTheAlertOfItsOutageNow() {
        Outage earlier = new Outage("server", "10.0.0.7@o2ib1", 8, 1, List.of("lustre"), T - 3000, false, T - 2800,
                List.of(), List.of("c"));
        Outage now = server("10.0.0.7@o2ib1", 8, true, -1, "c");
        List<Outage> both = OutageMerge.merged(List.of(earlier, now));
        assertEquals(2, both.size());
        assertEquals(1, alerts.update(both, NOW).size());
        assertEquals(List.of(), alerts.update(both, NOW.plusSeconds(10)), "neither resolved nor sent again");
        assertEquals(1, alerts.size());
    }

    @Test
    void ofTwoActiveOutagesOfOneKindAndKeyTheEarliestHasTheAlert() {
        Outage first = new Outage("network", "o2ib1", 40, 5, List.of("lustre"), T - 300, true, -1, List.of(),
                List.of("c1", "c2"));
        Outage second = new Outage("network", "o2ib1", 40, 5, List.of("lustre"), T - 100, true, -1, List.of(),
                List.of("c1"));
        assertEquals(NOW.minusSeconds(300), alerts.update(List.of(first, second), NOW).get(0).startsAt());
        assertEquals(List.of(), alerts.update(List.of(first, second), NOW.plusSeconds(10)), "no flapping");
    }

    private static MonitoredTrap trap(String id, Category c, String node, String message) {
        return new MonitoredTrap(id, T, c, "lustre", node, message, "c1");
    }

    @Test
    void targetAlertsCarryTheNidTheirFirstTrapNamesAndItsNetwork() {
        AlertBook book = new AlertBook(Duration.ofHours(1), 100);
        Alert lost = book.onTrap(trap("kl-1", Category.WARNING, "lustre-OST0010", "Lustre: lustre-OST0010-osc-MDT0000: "
                + "Connection to lustre-OST0010 (at 10.0.0.7@o2ib1) was lost; in progress operations using this "
                + "service will wait for recovery to complete"), NOW).get(0);
        assertEquals("10.0.0.7@o2ib1", lost.labels().get("nid"));
        assertEquals("o2ib1", lost.labels().get("lnet"));
        Alert down = book.onTrap(trap("mds1:lustre-OST0011:down:ab-1", Category.CRITICAL, "lustre-OST0011",
                "lustre-OST0011 is not responding (DISCONN in import, NID 192.168.1.17@tcp)"), NOW).get(0);
        assertEquals("192.168.1.17@tcp", down.labels().get("nid"));
        assertEquals("tcp", down.labels().get("lnet"));
        Alert failedOver = book.onTrap(trap("mds2:lustre-OST0011:down:cd-1", Category.CRITICAL, "lustre-OST0011",
                "lustre-OST0011 is not responding (DISCONN in import, NID 192.168.1.18@tcp)"), NOW).get(0);
        assertEquals(down.labels(), failedOver.labels(), "an alert keeps its labels, or Alertmanager would see two");
        Alert up = book.onTrap(trap("mds1:lustre-OST0011:up:ab-2", Category.INFO, "lustre-OST0011",
                "lustre-OST0011 responds again (FULL in import, NID 192.168.1.18@tcp)"), NOW).get(0);
        assertEquals(down.labels(), up.labels(), "resolved under the labels it fired with");
        Alert evicted = book.onTrap(trap("kl-2", Category.WARNING, "lustre-MDT0000", "Lustre: lustre-MDT0000: haven't "
                + "heard from client abc (at 10.1.0.5@o2ib1) in 227 seconds. I think it's dead, and I am evicting it."),
                NOW).get(0);
        assertTrue(!evicted.labels().containsKey("nid"), "a client's NID is no target's: " + evicted.labels());
        Alert plain = book.onTrap(trap("mds1:lustre-OST0012:down:ab-3", Category.CRITICAL, "lustre-OST0012",
                "lustre-OST0012 is not responding (DISCONN in import)"), NOW).get(0);
        assertTrue(!plain.labels().containsKey("lnet"), plain.labels().toString());
    }

    @Test
    void anOutagesSummaryAndRecoveryTrapsMakeNoAlertOfTheirOwn() {
        AlertBook book = new AlertBook(Duration.ofHours(1), 100);
        assertEquals(List.of(), book.onTrap(trap("mds1:10.0.0.7@o2ib1:server-outage:ab-1", Category.CRITICAL,
                "10.0.0.7@o2ib1", "Server 10.0.0.7@o2ib1 is gone"), NOW));
        assertEquals(List.of(), book.onTrap(trap("mds1:o2ib1:network-outage-over:ab-2", Category.INFO, "o2ib1",
                "LNet network o2ib1 is back"), NOW));
        assertEquals(0, book.size());
    }
}
