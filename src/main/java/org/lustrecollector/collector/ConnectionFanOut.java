package org.lustrecollector.collector;

import java.util.List;

import org.lustrecollector.source.ConnectionSignals;

/** Tells every listener of each lost and restored connection, in order, with the NID the line names. */
record ConnectionFanOut(List<ConnectionSignals> listeners) implements ConnectionSignals {
    ConnectionFanOut {
        listeners = List.copyOf(listeners);
    }

    @Override
    public void connectionLost(String target, long when) {
        connectionLost(target, "", when);
    }

    @Override
    public void connectionRestored(String target, long when) {
        connectionRestored(target, "", when);
    }

    @Override
    public void connectionLost(String target, String nid, long when) {
        for (ConnectionSignals listener : listeners) {
            listener.connectionLost(target, nid, when);
        }
    }

    @Override
    public void connectionRestored(String target, String nid, long when) {
        for (ConnectionSignals listener : listeners) {
            listener.connectionRestored(target, nid, when);
        }
    }
}
