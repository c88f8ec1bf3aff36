package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lustrecollector.monitor.outage.Outage;

/** A getOutages row as the XML-RPC client hands it over (docs/api.md, "Outages"), checked and turned into a record. */
class StateClientTest {
    private static Map<String, Object> row() {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", "server");
        m.put("key", "10.0.3.17@o2ib");
        m.put("targets", 8);
        m.put("servers", 1);
        m.put("filesystems", new Object[] {"lustre"});
        m.put("since", 1_700_000_000);
        m.put("active", Boolean.TRUE);
        m.put("ended", -1);
        m.put("examples", new Object[] {"lustre-OST0010", "lustre-OST0011"});
        return m;
    }

    @Test
    void aRowAsDocumentedIsAnOutageOfTheCollectorThatGaveIt() throws Exception {
        Outage o = StateClient.outage(row(), "http://mds1:8980/");
        assertEquals(new Outage("server", "10.0.3.17@o2ib", 8, 1, List.of("lustre"), 1_700_000_000L, true, -1,
                List.of("lustre-OST0010", "lustre-OST0011"), List.of("http://mds1:8980/")), o);
        Map<String, Object> ended = row();
        ended.put("active", Boolean.FALSE);
        ended.put("ended", 1_700_000_300);
        assertEquals(1_700_000_300L, StateClient.outage(ended, "c").ended());
    }

    @Test
    void aRowThatIsNotAsDocumentedIsRefusedWithWhatIsWrong() {
        Map<String, Object> noTargets = row();
        noTargets.remove("targets");
        assertEquals("a getOutages row should have targets (integer)",
                assertThrows(StateClient.BadAnswer.class, () -> StateClient.outage(noTargets, "c")).getMessage());
        Map<String, Object> textTargets = row();
        textTargets.put("targets", "8");
        assertTrue(assertThrows(StateClient.BadAnswer.class, () -> StateClient.outage(textTargets, "c")).getMessage()
                .endsWith("not String"));
        Map<String, Object> kind = row();
        kind.put("kind", "router");
        assertTrue(assertThrows(StateClient.BadAnswer.class, () -> StateClient.outage(kind, "c")).getMessage()
                .contains("server or network"));
        Map<String, Object> activeAndEnded = row();
        activeAndEnded.put("ended", 1_700_000_300);
        assertTrue(assertThrows(StateClient.BadAnswer.class, () -> StateClient.outage(activeAndEnded, "c"))
                .getMessage().contains("inconsistent"));
        Map<String, Object> examples = row();
        examples.put("examples", new Object[] {"lustre-OST0010", 7});
        assertThrows(StateClient.BadAnswer.class, () -> StateClient.outage(examples, "c"));
        assertThrows(StateClient.BadAnswer.class, () -> StateClient.outage(new Object[0], "c"));
    }
}
