package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;

class AlertBookTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000);
    private final AlertBook book = new AlertBook(Duration.ofHours(1), 100);

    private static MonitoredTrap trap(String id, long time, Category c, String node, String message, String collector) {
        return new MonitoredTrap(id, time, c, "lustre", node, message, collector);
    }

    @Test
    void theSameEventFromBothMdssIsOneAlertListingBothIdsAndCollectors() {
        List<Alert> a = book.onTrap(trap("mds1:lustre-OST0003:down:0a1b-1", NOW.getEpochSecond(), Category.CRITICAL,
                "lustre-OST0003", "lustre-OST0003 is not responding", "http://mds1/"), NOW);
        List<Alert> b = book.onTrap(trap("mds2:lustre-OST0003:down:77ff-4", NOW.getEpochSecond() + 1, Category.CRITICAL,
                "lustre-OST0003", "lustre-OST0003 is not responding", "http://mds2/"), NOW);
        assertEquals(1, book.size());
        assertEquals(a.get(0).fingerprint(), b.get(0).fingerprint());
        Alert merged = b.get(0);
        assertEquals(Map.of("alertname", "LustreTargetDown", "fs", "lustre", "node", "lustre-OST0003",
                "severity", "critical"), merged.labels());
        assertEquals("mds1:lustre-OST0003:down:0a1b-1 mds2:lustre-OST0003:down:77ff-4",
                merged.annotations().get("trap_ids"));
        assertEquals("http://mds1/ http://mds2/", merged.annotations().get("collectors"));
        assertEquals(NOW, merged.startsAt());
        assertEquals(Instant.MAX, merged.endsAt(), "firing until resolved");
    }

    @Test
    void upResolvesTheDownAlertWithItsLabels() {
        book.onTrap(trap("mds1:lustre-OST0003:down:0a1b-1", NOW.getEpochSecond(), Category.CRITICAL,
                "lustre-OST0003", "down", "c1"), NOW);
        List<Alert> resolved = book.onTrap(trap("mds1:lustre-OST0003:up:0a1b-2", NOW.getEpochSecond() + 60,
                Category.INFO, "lustre-OST0003", "responds again", "c1"), NOW);
        assertEquals(1, resolved.size());
        assertEquals("critical", resolved.get(0).labels().get("severity"), "the firing alert's labels");
        assertEquals(NOW.plusSeconds(60), resolved.get(0).endsAt());
        assertEquals(0, book.size());
        assertEquals(List.of(), book.onTrap(trap("mds2:lustre-OST0003:up:77ff-2", NOW.getEpochSecond() + 61,
                Category.INFO, "lustre-OST0003", "responds again", "c2"), NOW), "nothing left to resolve");
    }

    @Test
    void oneShotEventsEndAfterTheirDurationAndOldOnesAreNotSent() {
        List<Alert> lbug = book.onTrap(trap("kl-00ff", NOW.getEpochSecond(), Category.FATAL, "lustre-MDT0000",
                "LustreError: ... LBUG", "c1"), NOW);
        assertEquals("LustreLBUG", lbug.get(0).labels().get("alertname"));
        assertEquals("fatal", lbug.get(0).labels().get("severity"));
        assertEquals(NOW.plus(Duration.ofHours(1)), lbug.get(0).endsAt());
        assertEquals(1, book.active(NOW.plus(Duration.ofMinutes(59))).size());
        assertEquals(0, book.active(NOW.plus(Duration.ofHours(1))).size());
        assertEquals(List.of(), book.onTrap(trap("kl-0100", NOW.getEpochSecond() - 7200, Category.FATAL,
                "lustre-MDT0000", "LBUG", "c1"), NOW));
    }

    @Test
    void healthyResolvesBothNotHealthyAndLbug() {
        book.onTrap(new MonitoredTrap("mds1:lustre:health-lbug:aa-1", NOW.getEpochSecond(), Category.FATAL, "lustre",
                "mds1", "mds1: health_check reports LBUG", "c1"), NOW);
        book.onTrap(new MonitoredTrap("mds1:lustre:health-not-healthy:aa-2", NOW.getEpochSecond(), Category.CRITICAL,
                "lustre", "mds1", "mds1: health_check reports NOT HEALTHY", "c1"), NOW);
        assertEquals(2, book.size());
        List<Alert> resolved = book.onTrap(new MonitoredTrap("mds1:lustre:health-healthy:aa-3",
                NOW.getEpochSecond() + 5, Category.INFO, "lustre", "mds1", "healthy again", "c1"), NOW);
        assertEquals(2, resolved.size());
        assertEquals(0, book.size());
    }

    @Test
    void boundedActiveAlertsLetTheOldestGoAndCountIt() {
        AlertBook small = new AlertBook(Duration.ofHours(1), 3);
        for (int i = 0; i < 5; i++) {
            small.onTrap(trap("mds1:lustre-OST000" + i + ":down:aa-" + i, NOW.getEpochSecond(), Category.CRITICAL,
                    "lustre-OST000" + i, "down", "c1"), NOW);
        }
        assertEquals(3, small.size());
        assertEquals(2, small.discarded());
        assertTrue(small.active(NOW).stream().noneMatch(a -> a.labels().get("node").equals("lustre-OST0000")));
    }

    @Test
    void kindsFromTheCollectorsIdsAndFromMessages() {
        assertEquals("LustreSpaceLow", AlertKind.of("h:lustre-OST0001:space-low:ab12-3", "x").alertname());
        assertEquals(AlertKind.Transition.RESOLVES, AlertKind.of("h:lustre-OST0001:space-ok:ab12-4", "x").transition());
        assertEquals(AlertKind.Transition.RESOLVES, AlertKind.of("h:trapfile:reading:ab12-4", "x").transition());
        assertEquals("LustreCreateFailed", AlertKind.of("h:lustre-OST0002:create-failed:ab12-5", "x").alertname());
        assertEquals(AlertKind.Transition.RESOLVES, AlertKind.of("h:lustre-OST0002:create-ok:ab12-6", "x").transition());
        assertEquals("LustreRecovery", AlertKind.of("h:lustre-MDT0000:recovery:ab12-7", "x").alertname());
        assertEquals(AlertKind.Transition.FIRES, AlertKind.of("h:lustre-MDT0000:recovery:ab12-7", "x").transition());
        assertEquals(AlertKind.Transition.RESOLVES, AlertKind.of("h:lustre-MDT0000:recovered:ab12-8", "x").transition());
        assertEquals("LustreConnectionLost", AlertKind.of("kl-1234", "Lustre: lustre-OST0001-osc: Connection to "
                + "lustre-OST0001 (at 10.0.0.1@o2ib) was lost; in progress operations using this service will wait "
                + "for recovery to complete").alertname());
        assertEquals("LustreTrap", AlertKind.of("site-42", "something else").alertname());
        assertEquals("LustreTrap", AlertKind.of("a:b:c", "plain").alertname(), "not the collector's id form");
    }
}
