package org.lustrecollector.lustre;

import java.util.function.UnaryOperator;

/**
 * One node's status as XML-RPC threads read it, and the kernel log's mark on it: a console line said the
 * connection was lost ({@link #consoleLost}), so the node shows not responding until a read of a file that
 * carries the connection's state says otherwise, or a console line says it is restored. The scan, the kernel
 * log's thread and RPC threads share it; it lives as long as the node is on this MDS. The console's marks
 * are kept as times beside the last read's status and applied when the status is asked for, so a storm of
 * console lines changes fields of objects that exist already and leaves nothing for the garbage collector
 * to copy. Thread-safe.
 */
final class PublishedStatus {
    private static final long NONE = -1;

    private final String name;
    /** What the last read (or the inventory, for a node not read yet) showed. */
    private NodeStatus read;
    /** {@code read}'s locality and condition, so that a console line need not load the record. */
    private boolean readLocal;
    private boolean readResponding;
    /** When a console line said the connection was lost; NONE when no such mark stands. */
    private long lostAt = NONE;
    /** When a console line said a connection this mark showed lost is back; NONE when not since the last read. */
    private long restoredAt = NONE;
    private boolean signalled;

    PublishedStatus(String name, NodeStatus read) {
        this.name = name;
        setRead(read);
    }

    String name() {
        return name;
    }

    /** The status to show: the last read's, with the console's mark on it. */
    synchronized NodeStatus status() {
        if (shownLost()) {
            return read.lostPerConsole(lostAt);
        }
        return restoredAt == NONE ? read : read.restoredPerConsole(restoredAt);
    }

    /** Publishes a status that says nothing of the connection; the console's mark, if any, stands. */
    synchronized void set(NodeStatus next) {
        setRead(next);
        restoredAt = NONE;
    }

    synchronized void update(UnaryOperator<NodeStatus> change) {
        setRead(change.apply(read));
    }

    /**
     * Publishes what a read found: shown not responding while the console's mark stands and the read says
     * nothing of the connection itself; a read of {@code connectionState} files ends the mark.
     *
     * @return whether a console mark stood when the read came
     */
    synchronized boolean publishRead(NodeStatus next, boolean connectionState) {
        boolean marked = lostAt != NONE;
        setRead(next);
        restoredAt = NONE;
        if (marked && connectionState) {
            lostAt = NONE; // this read knows the connection: it decides
        }
        return marked;
    }

    /**
     * Marks the node lost per a console line at {@code when}; a local node is left alone.
     *
     * @return whether the node should be read in full at the next scan and was not queued for it yet
     */
    synchronized boolean consoleLost(long when) {
        if (readLocal) {
            return false;
        }
        lostAt = when;
        restoredAt = NONE;
        return signal();
    }

    /**
     * Ends the console's mark: shown responding since {@code when} if the mark is what showed it lost.
     *
     * @return as {@link #consoleLost}
     */
    synchronized boolean consoleRestored(long when) {
        if (shownLost()) {
            restoredAt = when;
        }
        lostAt = NONE;
        return signal();
    }

    /** The scan takes the node off the signalled ones. */
    synchronized void taken() {
        signalled = false;
    }

    private boolean shownLost() {
        return lostAt != NONE && readResponding;
    }

    private void setRead(NodeStatus next) {
        read = next;
        readLocal = next.local();
        readResponding = next.responding();
    }

    private boolean signal() {
        boolean first = !signalled;
        signalled = true;
        return first;
    }
}
