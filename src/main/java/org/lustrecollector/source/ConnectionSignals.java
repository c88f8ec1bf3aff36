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

    /**
     * The same loss, with the NID the console line names ({@code (at 10.0.0.7@o2ib1)}; empty when it names
     * none): the server the target was reached at. Listeners that keep no NID hear the short form.
     */
    default void connectionLost(String target, String nid, long when) {
        connectionLost(target, when);
    }

    /** The same restoration, with the NID the console line names (empty when none). */
    default void connectionRestored(String target, String nid, long when) {
        connectionRestored(target, when);
    }
}
