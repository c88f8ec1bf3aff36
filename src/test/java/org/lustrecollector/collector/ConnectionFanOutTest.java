package org.lustrecollector.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lustrecollector.source.ConnectionSignals;

/** The kernel log's connection signals reach every listener, in the listed order, each in the form it keeps. */
class ConnectionFanOutTest {
    private final List<String> heard = new ArrayList<>();

    /** A listener that keeps NIDs: it overrides the long forms. */
    private ConnectionSignals withNids(String name) {
        return new ConnectionSignals() {
            @Override
            public void connectionLost(String target, long when) {
                heard.add(name + " short lost " + target + " " + when);
            }

            @Override
            public void connectionRestored(String target, long when) {
                heard.add(name + " short restored " + target + " " + when);
            }

            @Override
            public void connectionLost(String target, String nid, long when) {
                heard.add(name + " lost " + target + " at " + nid + " " + when);
            }

            @Override
            public void connectionRestored(String target, String nid, long when) {
                heard.add(name + " restored " + target + " at " + nid + " " + when);
            }
        };
    }

    /** A listener that keeps no NID: it has the short forms only, which the long forms fall back to. */
    private ConnectionSignals withoutNids(String name) {
        return new ConnectionSignals() {
            @Override
            public void connectionLost(String target, long when) {
                heard.add(name + " lost " + target + " " + when);
            }

            @Override
            public void connectionRestored(String target, long when) {
                heard.add(name + " restored " + target + " " + when);
            }
        };
    }

    @Test
    void eachSignalReachesEveryListenerInOrderWithItsNid() {
        ConnectionFanOut fanOut = new ConnectionFanOut(List.of(withoutNids("state"), withNids("outages"),
                withNids("third")));
        fanOut.connectionLost("lustre-OST0007", "10.0.0.7@o2ib1", 100);
        fanOut.connectionRestored("lustre-OST0007", "10.0.0.7@o2ib1", 160);
        assertEquals(List.of(
                "state lost lustre-OST0007 100",
                "outages lost lustre-OST0007 at 10.0.0.7@o2ib1 100",
                "third lost lustre-OST0007 at 10.0.0.7@o2ib1 100",
                "state restored lustre-OST0007 160",
                "outages restored lustre-OST0007 at 10.0.0.7@o2ib1 160",
                "third restored lustre-OST0007 at 10.0.0.7@o2ib1 160"), heard);
    }

    @Test
    void theShortFormsReachListenersWithAnEmptyNid() {
        ConnectionFanOut fanOut = new ConnectionFanOut(List.of(withNids("outages"), withoutNids("state")));
        fanOut.connectionLost("lustre-MDT0001", 200);
        fanOut.connectionRestored("lustre-MDT0001", 230);
        assertEquals(List.of(
                "outages lost lustre-MDT0001 at  200",
                "state lost lustre-MDT0001 200",
                "outages restored lustre-MDT0001 at  230",
                "state restored lustre-MDT0001 230"), heard);
    }

    @Test
    void theListIsCopiedAndNoListenersIsNothing() {
        List<ConnectionSignals> listeners = new ArrayList<>(List.of(withNids("first")));
        ConnectionFanOut fanOut = new ConnectionFanOut(listeners);
        listeners.add(withNids("added later"));
        fanOut.connectionLost("lustre-OST0000", "10.0.0.1@tcp", 1);
        assertEquals(List.of("first lost lustre-OST0000 at 10.0.0.1@tcp 1"), heard);

        new ConnectionFanOut(List.of()).connectionLost("lustre-OST0000", "10.0.0.1@tcp", 2);
        assertEquals(1, heard.size());
    }
}
