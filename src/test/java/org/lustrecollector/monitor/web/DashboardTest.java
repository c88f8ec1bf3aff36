package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The status light of a filesystem, the pair's merged view, and a collector's storm notice. */
class DashboardTest {
    private static final List<String> PAIR = List.of("http://mds1/", "http://mds2/");
    private final TrapLogTest.MovableClock clock = new TrapLogTest.MovableClock(Instant.parse("2026-11-27T06:00:00Z"));
    private final CollectorBoard board = new CollectorBoard(PAIR, 0);
    private final LustreView lustre = new LustreView(PAIR, board);
    private final Dashboard dashboard = new Dashboard(new TrapLog(100, clock), board, lustre, clock);

    private static FileSystemView fs(String collector, String states, String health) {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < states.length(); i++) {
            names.add("lustre-OST000" + i);
        }
        return new FileSystemView("lustre", collector, names, states, health, 100, 50, 50, 10, 5, 0);
    }

    @Test
    void theLightIsRedForATargetDownAnUnhealthyServerOrARecentFatalTrapYellowForCriticalOrLowSpace() {
        assertEquals("green", dashboard.light(fs(PAIR.get(0), "RRD", "healthy")).colour(), "deactivated is no failure");
        assertEquals("red", dashboard.light(fs(PAIR.get(0), "RNR", "healthy")).colour());
        assertEquals(List.of("1 target not responding"), dashboard.light(fs(PAIR.get(0), "RNR", "")).reasons());
        assertEquals("red", dashboard.light(fs(PAIR.get(0), "RRR", "LBUG")).colour());
        assertEquals("yellow", dashboard.light(fs(PAIR.get(0), "RLR", "healthy")).colour());
        dashboard.trap("c", 1, 2, "lustre", "lustre-OST0001", "lost", PAIR.get(0));
        assertEquals("yellow", dashboard.light(fs(PAIR.get(0), "RRR", "healthy")).colour());
        dashboard.trap("f", 1, 3, "lustre", "lustre-MDT0000", "LBUG", PAIR.get(0));
        assertEquals("red", dashboard.light(fs(PAIR.get(0), "RRR", "healthy")).colour());
        clock.advance(Duration.ofSeconds(Dashboard.RECENT_SECONDS + 1));
        assertEquals("green", dashboard.light(fs(PAIR.get(0), "RRR", "healthy")).colour(), "15 minutes later");
    }

    @Test
    void aFileSystemComesFromTheFirstCollectorOfThePairThatIsNotDown() {
        lustre.update(PAIR.get(0), List.of(fs(PAIR.get(0), "RNR", "healthy")), 10);
        lustre.update(PAIR.get(1), List.of(fs(PAIR.get(1), "RRR", "healthy")), 10);
        long version = lustre.version();
        assertEquals(PAIR.get(0), lustre.merged().get(0).collector());
        board.down(PAIR.get(0), 20, "connection refused");
        assertEquals(PAIR.get(1), lustre.merged().get(0).collector());
        assertEquals(version + 1, lustre.version(), "what the page shows changed");
        lustre.failed(PAIR.get(1));
        assertEquals(PAIR.get(0), lustre.merged().get(0).collector(), "the last word of a collector away beats nothing");
        assertEquals("lustre-OST0001", lustre.merged().get(0).targets().get(1));
        assertEquals(PAIR.get(0), lustre.collectorOf("lustre-OST0001"));
    }

    @Test
    void aCollectorsStormsAreOneNoticeWithTheLatestCountsAndTheTotal() {
        board.answered(PAIR.get(0), 5);
        board.dropped(PAIR.get(0), 9_755, Map.of("CRITICAL", 9_700L, "WARNING", 55L), Map.of("lustre", 9_755L), 30);
        board.dropped(PAIR.get(0), 100, Map.of("CRITICAL", 100L), Map.of("scratch", 100L), 90);
        CollectorBoard.Row row = board.rows().get(0);
        assertEquals("up", row.state());
        assertEquals(5, row.since());
        assertEquals(9_855, row.droppedTotal());
        assertEquals(100, row.lastDrop());
        assertEquals(90, row.lastDropTime());
        assertEquals(Map.of("CRITICAL", 100L), row.lastDropByCategory());
        assertEquals("waiting", board.rows().get(1).state(), "not heard from yet");
        board.down(PAIR.get(1), 40, "connection refused");
        board.down(PAIR.get(1), 45, "no answer in time");
        assertEquals(40, board.rows().get(1).since(), "down since the first failure");
        board.up(PAIR.get(1), 60);
        assertEquals("up", board.rows().get(1).state());
        assertEquals(60, board.rows().get(1).since());
    }
}
