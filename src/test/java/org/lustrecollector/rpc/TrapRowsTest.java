package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.serializer.DefaultXMLWriterFactory;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapQuery;
import org.lustrecollector.trap.TrapStore;

/**
 * getTraps answers written from cached rows are, byte for byte, what the library writes for the same
 * rows as plain arrays: for all traps, for those after a timestamp, after the store changed (new traps,
 * evictions from the middle), and for none.
 */
class TrapRowsTest {
    private static final long T0 = 1_700_000_000L;

    private final XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
    private final MutableInstantSource clock = new MutableInstantSource(T0);
    private final TrapStore store = new TrapStore(4, Duration.ofDays(1), clock);
    private final XmlRpcExchange exchange = new XmlRpcExchange(new XmlRpcServer(), CollectorXmlRpcServerTest.LIMITS,
            new LargeAnswers(1 << 24, java.time.Duration.ofSeconds(1)));

    @Test
    void cachedRowsAreWrittenAsTheLibraryWritesPlainRows() throws Exception {
        store.add(trap("a", Category.WARNING, "fs1", "Connection to fs1-OST0001 lost & <back>"));
        clock.advance(1);
        store.add(trap("b", Category.INFO, "", "ünïcode node"));
        clock.advance(1);
        store.add(trap("c", Category.CRITICAL, "fs2", "third"));
        assertSameAsLibrary(0);
        assertSameAsLibrary(T0 + 1);
        assertSameAsLibrary(0);
        assertSameAsLibrary(T0 + 2);

        clock.advance(1);
        store.addAll(List.of(trap("d", Category.FATAL, "fs3", "fourth"), trap("e", Category.CRITICAL, "fs3", "fifth")));
        // Full at 4: "b" (Info, the least severe) was evicted from the middle.
        assertSameAsLibrary(T0 + 3);
        assertSameAsLibrary(0);
        assertSameAsLibrary(T0 + 1);
        assertSameAsLibrary(T0 + 100);
    }

    private void assertSameAsLibrary(long since) throws Exception {
        TrapQuery query = store.since(since);
        TrapRows rows = new TrapRows(query);
        Object[] plain = {rows.toArray(), (int) query.timestamp()};
        Object[] cached = {rows, (int) query.timestamp()};

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new XmlRpcWriter(config, new DefaultXMLWriterFactory().getXmlWriter(config, expected), new TypeFactoryImpl(null))
                .write(config, plain);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        try (XmlRpcExchange.Answer answer = exchange.result(config, cached)) {
            answer.writeTo(actual);
        }

        assertEquals(expected.toString(StandardCharsets.UTF_8), actual.toString(StandardCharsets.UTF_8), "since " + since);
    }

    private static Trap trap(String id, Category category, String fs, String message) {
        return new Trap(id, T0 - 10, category, fs, "node-" + id, message);
    }
}
