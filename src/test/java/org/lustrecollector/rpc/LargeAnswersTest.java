package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapStore;

class LargeAnswersTest {
    private static final long MIB = 1 << 20;

    @Test
    void smallAnswersNeverWait() throws XmlRpcException {
        LargeAnswers budget = new LargeAnswers(2 * MIB, Duration.ZERO);
        try (LargeAnswers.Hold big = budget.hold(2 * MIB)) {
            for (int i = 0; i < 100; i++) {
                budget.hold(LargeAnswers.MIN_BYTES - 1).close();
            }
        }
    }

    @Test
    void aLargeAnswerBeyondTheBudgetGetsABusyFaultUntilOthersAreSent() throws XmlRpcException {
        LargeAnswers budget = new LargeAnswers(3 * MIB, Duration.ofMillis(50));
        LargeAnswers.Hold first = budget.hold(2 * MIB);
        XmlRpcException busy = assertThrows(XmlRpcException.class, () -> budget.hold(2 * MIB));
        assertEquals(FaultCodes.BUSY, busy.code);
        assertTrue(busy.getMessage().contains("try") || busy.getMessage().contains("ask again"), busy.getMessage());
        budget.hold(MIB).close();
        first.close();
        first.close();
        assertEquals(3 * 1024, budget.availableKib(), "a hold closed twice gives back once");
        budget.hold(2 * MIB).close();
    }

    @Test
    void anAnswerLargerThanTheWholeBudgetStillGoesAlone() throws XmlRpcException {
        LargeAnswers budget = new LargeAnswers(2 * MIB, Duration.ofMillis(50));
        try (LargeAnswers.Hold huge = budget.hold(100 * MIB)) {
            assertEquals(0, budget.availableKib());
            assertThrows(XmlRpcException.class, () -> budget.hold(MIB));
        }
        assertEquals(2 * 1024, budget.availableKib());
    }

    /** Through the exchange: getTraps answers of a large store hold their size until they are sent. */
    @Test
    void getTrapsAnswersHoldTheBudgetUntilClosed() throws Exception {
        MutableInstantSource clock = new MutableInstantSource(1_800_000_000L);
        TrapStore store = new TrapStore(20_000, Duration.ofDays(1), clock);
        List<Trap> traps = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            traps.add(new Trap("id-" + i, 1_700_000_000L, Category.WARNING, "fs1", "lustre-OST0001",
                    "a message of some length, as Lustre's are " + i));
        }
        store.addAll(traps);
        LargeAnswers budget = new LargeAnswers(10 * MIB, Duration.ofMillis(50));
        XmlRpcExchange exchange = new XmlRpcExchange(new XmlRpcServer(), CollectorXmlRpcServerTest.LIMITS, budget);
        XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
        Object[] all = {new TrapRows(store.since(0)), 0};

        XmlRpcExchange.Answer first = exchange.result(config, all);
        assertTrue(first.length() > 4 * MIB && first.length() < 5 * MIB, first.length() + " bytes");
        XmlRpcExchange.Answer second = exchange.result(config, all);
        XmlRpcException busy = assertThrows(XmlRpcException.class, () -> exchange.result(config, all));
        assertEquals(FaultCodes.BUSY, busy.code);

        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        first.writeTo(sent);
        assertEquals(first.length(), sent.size());
        first.close();
        second.close();
        try (XmlRpcExchange.Answer third = exchange.result(config, all)) {
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            third.writeTo(again);
            assertEquals(sent.toString(java.nio.charset.StandardCharsets.UTF_8),
                    again.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(10 * 1024, budget.availableKib());
    }
}
