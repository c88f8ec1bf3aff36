package org.lustrecollector.lustre;

/**
 * What the collector last saw of one node. Immutable; the collector thread replaces it after each read.
 *
 * @param name      target name, e.g. {@code lustre-OST002a}
 * @param fsName    its filesystem
 * @param type      OST or MDT
 * @param local     true for an MDT of this MDS, false for a target seen through an OSP
 * @param condition responding, not responding or deactivated
 * @param state     as precise as the readable files allow: the import state (FULL, DISCONN, ...) when
 *                  {@code import} is readable, else derived from prealloc_status, active and target_obd
 *                  ({@code docs/lustre-state.md})
 * @param signal    the file the state was taken from
 * @param space     statfs values
 * @param nid       NID of the current connection; empty when unknown
 * @param since     collector time (epoch seconds) at which condition or state last changed
 * @param lastRead  collector time at which the node's own files were last read; 0 if only the LOD's
 *                  target_obd has been seen so far
 * @param error     why the state is {@code UNKNOWN}: {@code "<file>: <reason>"} of the first file that failed
 *                  unexpectedly at the last read; empty otherwise
 * @param prealloc  the OSP's last {@code prealloc_status} (0, or a negative errno); null when unknown or
 *                  not an OST
 * @param evictions a local MDT's {@code eviction_count} (2.16+: clients it evicted since mount), read at
 *                  every scan; -1 when unknown (older versions, or not a local MDT)
 * @param recovery  a local MDT's {@code recovery_status}, read at every scan; {@link Recovery#UNKNOWN} when
 *                  absent (2.17 moves it to debugfs) or not a local MDT
 */
public record NodeStatus(String name, String fsName, NodeType type, boolean local, Condition condition,
                         String state, String signal, Space space, String nid, long since, long lastRead,
                         String error, Integer prealloc, long evictions, Recovery recovery) {

    /** The prealloc_status of a precreate failure (-5, -30...: not ENOSPC, not a connection state); 0 when none. */
    public int createError() {
        return NodeReader.createError(prealloc) ? prealloc : 0;
    }

    NodeStatus withLocalCounters(Recovery r, long evictionCount) {
        return new NodeStatus(name, fsName, type, local, condition, state, signal, space, nid, since, lastRead, error,
                prealloc, evictionCount, r);
    }

    /** This status as a console line's loss of the connection shows it: not responding since {@code when}. */
    NodeStatus lostPerConsole(long when) {
        return new NodeStatus(name, fsName, type, local, Condition.NOT_RESPONDING, "CONNECTION_LOST", "console", space,
                nid, when, lastRead, error, prealloc, evictions, recovery);
    }

    /** This status once a console line says the connection is back: responding again since {@code when}. */
    NodeStatus restoredPerConsole(long when) {
        return new NodeStatus(name, fsName, type, local, Condition.RESPONDING, "RESTORED", "console", space, nid,
                when, lastRead, error, prealloc, evictions, recovery);
    }

    public boolean responding() {
        return condition == Condition.RESPONDING;
    }
}
