package org.lustrecollector.source;

/**
 * What one source learns at once of a connection whose state another source keeps: the kernel log's
 * console lines ("Connection to X was lost", "Connection restored to X") tell the Lustre state, which would
 * otherwise see the loss only at its next read of that target's files. The collector wires the two; the
 * sources never see each other. Called from the thread of the source that learns it.
 */
public interface ConnectionSignals {
    /** Signals that go nowhere, for a source wired to no state. */
    ConnectionSignals NONE = new ConnectionSignals() {
        @Override
        public void connectionLost(String target, long when) {
        }

        @Override
        public void connectionRestored(String target, long when) {
        }
    };

    /** This server's connection to {@code target} (a target name such as {@code lustre-OST0007}) was lost. */
    void connectionLost(String target, long when);

    /** This server's connection to {@code target} is back. */
    void connectionRestored(String target, long when);
}
