package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;
import org.lustrecollector.outage.OutageDetector;
import org.lustrecollector.outage.OutageSettings;
import org.lustrecollector.outage.OutageTraps;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.Trap;

/** getOutages: one struct per outage of the last hour, with every member and its XML-RPC type. */
class OutageRpcTest {
    private static final long T0 = 1_741_000_000L;

    private final List<Trap> traps = new ArrayList<>();
    private final OutageDetector detector = new OutageDetector(OutageSettings.of(Duration.ofSeconds(10), 2, 3, 100),
            traps::addAll, new OutageTraps(new TrapIds("mds1", "r")), InstantSource.fixed(Instant.ofEpochSecond(T0 + 60)));

    @Test
    void handlerIsServedByTheServlet() {
        assertTrue(CollectorXmlRpcServlet.HANDLERS.contains(OutageRpc.class));
    }

    @Test
    void noOutagesIsAnEmptyArray() throws XmlRpcException {
        assertArrayEquals(new Object[0], (Object[]) RpcTestSupport.call(RpcTestSupport.mapping(new OutageRpc(detector)),
                "getOutages"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOutageIsAStructWithEveryMember() throws XmlRpcException {
        for (int i = 0; i < 3; i++) {
            detector.connectionLost("lustre-OST000" + i, "10.0.0.7@o2ib1", T0);
        }
        detector.connectionLost("lustre-OST0004", "10.0.0.8@o2ib1", T0 + 1);
        CollectorHandlerMapping mapping = RpcTestSupport.mapping(new OutageRpc(detector));
        assertTrue(List.of((String[]) RpcTestSupport.call(mapping, "system.listMethods")).contains("getOutages"));

        Object[] rows = (Object[]) RpcTestSupport.call(mapping, "getOutages");
        assertEquals(1, rows.length);
        Map<String, Object> row = (Map<String, Object>) rows[0];
        assertEquals(List.of("kind", "key", "targets", "servers", "filesystems", "since", "active", "ended", "examples"),
                List.copyOf(row.keySet()));
        assertEquals("server", row.get("kind"));
        assertEquals("10.0.0.7@o2ib1", row.get("key"));
        assertEquals(3, row.get("targets"));
        assertEquals(1, row.get("servers"));
        assertArrayEquals(new Object[] {"lustre"}, (Object[]) row.get("filesystems"));
        assertEquals((int) T0, row.get("since"));
        assertEquals(Boolean.TRUE, row.get("active"));
        assertEquals(-1, row.get("ended"));
        assertArrayEquals(new Object[] {"lustre-OST0000", "lustre-OST0001", "lustre-OST0002"},
                (Object[]) row.get("examples"));
    }
}
