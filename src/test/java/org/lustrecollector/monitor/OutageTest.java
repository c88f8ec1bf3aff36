package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class OutageTest {
    private static Outage server(String nid, int targets, long since, boolean active, long ended, String collector,
            String... examples) {
        return new Outage("server", nid, targets, 1, List.of("lustre"), since, active, ended, List.of(examples),
                List.of(collector));
    }

    @Test
    void bothMdssReportsOfOneOutageAreOneWithTheLargerCounts() {
        Outage mds1 = server("10.0.0.7@o2ib1", 6, 1000, true, -1, "http://mds1/", "lustre-OST0010");
        Outage mds2 = new Outage("server", "10.0.0.7@o2ib1", 8, 1, List.of("lustre", "scratch"), 999, false, 1200,
                List.of("lustre-OST0010", "scratch-OST0001"), List.of("http://mds2/"));
        Outage merged = mds1.merge(mds2);
        assertEquals(new Outage("server", "10.0.0.7@o2ib1", 8, 1, List.of("lustre", "scratch"), 999, true, -1,
                List.of("lustre-OST0010", "scratch-OST0001"), List.of("http://mds1/", "http://mds2/")), merged,
                "active while either MDS still sees it");
        Outage bothEnded = server("10.0.0.7@o2ib1", 6, 1000, false, 1300, "http://mds1/").merge(mds2);
        assertEquals(1300, bothEnded.ended());
        assertThrows(IllegalArgumentException.class, () -> mds1.merge(server("10.0.0.8@o2ib1", 1, 1, true, -1, "c")));
    }

    @Test
    void mergedListsEachOutageOnceActiveOnesFirstOldestFirstThenTheLatestEnded() {
        List<Outage> merged = Outage.merged(List.of(
                server("10.0.0.9@tcp", 2, 3000, false, 3100, "a"),
                server("10.0.0.7@o2ib1", 2, 2000, true, -1, "a"),
                server("10.0.0.8@tcp", 2, 1000, false, 3500, "a"),
                new Outage("network", "o2ib2", 40, 5, List.of(), 1500, true, -1, List.of(), List.of("b")),
                server("10.0.0.7@o2ib1", 3, 2001, true, -1, "b")));
        assertEquals(List.of("network o2ib2", "server 10.0.0.7@o2ib1", "server 10.0.0.8@tcp", "server 10.0.0.9@tcp"),
                merged.stream().map(Outage::identity).toList());
        assertEquals(3, merged.get(1).targets());
        assertEquals("tcp", merged.get(2).lnet());
        assertEquals("", server("no-nid", 2, 1, true, -1, "a").lnet());
    }
}
