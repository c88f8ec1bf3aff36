package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The outages of a pair merged: both MDSs report a crashed OSS, the page shows it once. */
class OutageViewTest {
    private static final String MDS1 = "http://mds1:8980/";
    private static final String MDS2 = "http://mds2:8980/";

    private static WebOutage server(String collector, String nid, int targets, long since, long ended,
            String... examples) {
        return new WebOutage("server", nid, targets, 1, List.of("lustre"), since, ended < 0, ended,
                List.of(examples), List.of(collector));
    }

    private static WebOutage network(String collector, String net, int targets, int servers, List<String> fs,
            long since, long ended) {
        return new WebOutage("network", net, targets, servers, fs, since, ended < 0, ended,
                List.of("fs1-OST0010", "fs1-OST0011"), List.of(collector));
    }

    @Test
    void thePairsReportsOfOneOutageAreOneWithTheLargerCountsEveryFileSystemAndTheEarliestLoss() {
        OutageView view = new OutageView();
        view.update(MDS1, List.of(network(MDS1, "o2ib1", 4_100, 520, List.of("fs1"), 1_000, -1)));
        view.update(MDS2, List.of(network(MDS2, "o2ib1", 4_211, 530, List.of("fs2", "fs1"), 1_001, -1)));
        List<WebOutage> merged = view.merged();
        assertEquals(1, merged.size(), merged.toString());
        WebOutage o = merged.get(0);
        assertEquals("network", o.kind());
        assertEquals("o2ib1", o.key());
        assertEquals(4_211, o.targets());
        assertEquals(530, o.servers());
        assertEquals(List.of("fs1", "fs2"), o.filesystems());
        assertEquals(1_000, o.since());
        assertTrue(o.active());
        assertEquals(-1, o.ended());
        assertEquals(List.of(MDS1, MDS2), o.collectors());
    }

    @Test
    void itStaysActiveWhileOneMdsStillMissesItsTargetsAndEndsWithTheLaterEnd() {
        List<WebOutage> oneBack = OutageView.merge(List.of(
                server(MDS1, "10.0.3.17@o2ib", 8, 100, 400, "lustre-OST0010"),
                server(MDS2, "10.0.3.17@o2ib", 8, 101, -1, "lustre-OST0010")));
        assertEquals(1, oneBack.size());
        assertTrue(oneBack.get(0).active());
        assertEquals(-1, oneBack.get(0).ended());
        List<WebOutage> bothBack = OutageView.merge(List.of(server(MDS1, "10.0.3.17@o2ib", 8, 100, 400),
                server(MDS2, "10.0.3.17@o2ib", 7, 101, 410)));
        assertFalse(bothBack.get(0).active());
        assertEquals(410, bothBack.get(0).ended());
        assertEquals(8, bothBack.get(0).targets());
    }

    @Test
    void theExamplesAreThoseOfTheReportWithTheMostTargets() {
        List<WebOutage> merged = OutageView.merge(List.of(
                server(MDS1, "10.0.3.17@o2ib", 2, 100, -1, "a-OST0001", "a-OST0002"),
                server(MDS2, "10.0.3.17@o2ib", 5, 100, -1, "a-OST0000", "a-OST0001", "a-OST0002")));
        assertEquals(List.of("a-OST0000", "a-OST0001", "a-OST0002"), merged.get(0).examples());
    }

    @Test
    void anOssThatCrashedTwiceInTheHourIsTwoOutagesAndOtherKeysStaySeparate() {
        List<WebOutage> merged = OutageView.merge(List.of(
                server(MDS1, "10.0.3.17@o2ib", 8, 100, 200), server(MDS1, "10.0.3.17@o2ib", 8, 900, -1),
                server(MDS2, "10.0.3.17@o2ib", 8, 101, 205), server(MDS2, "10.0.3.17@o2ib", 8, 902, -1),
                server(MDS1, "10.0.3.18@o2ib", 8, 950, -1),
                network(MDS2, "o2ib", 600, 80, List.of("lustre"), 300, 600)));
        assertEquals(4, merged.size(), merged.toString());
        // active ones first in the order they formed, then the ended ones, the latest ended first
        assertEquals(List.of("10.0.3.17@o2ib 900 true", "10.0.3.18@o2ib 950 true", "o2ib 300 false",
                "10.0.3.17@o2ib 100 false"),
                merged.stream().map(o -> o.key() + " " + o.since() + " " + o.active()).toList());
        assertEquals(List.of(MDS1, MDS2), merged.get(0).collectors());
        assertEquals(205, merged.get(3).ended());
    }

    @Test
    void twoReportsOfOneCollectorAreNeverMergedAndACollectorAwayReportsNone() {
        List<WebOutage> merged = OutageView.merge(List.of(server(MDS1, "10.0.3.17@o2ib", 8, 100, -1),
                server(MDS1, "10.0.3.17@o2ib", 3, 150, -1)));
        assertEquals(2, merged.size(), "two outages the collector keeps apart stay apart: " + merged);
        OutageView view = new OutageView();
        view.update(MDS1, List.of(server(MDS1, "10.0.3.17@o2ib", 8, 100, -1)));
        view.update(MDS2, List.of(server(MDS2, "10.0.3.17@o2ib", 6, 100, -1)));
        view.failed(MDS1);
        assertEquals(6, view.merged().get(0).targets());
        assertEquals(List.of(MDS2), view.merged().get(0).collectors());
        view.failed(MDS2);
        assertEquals(List.of(), view.merged());
    }
}
