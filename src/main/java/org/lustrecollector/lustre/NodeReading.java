package org.lustrecollector.lustre;

/**
 * What one read of a node's files showed, before the monitor compares it with what it saw before.
 *
 * @param condition    responding, not responding or deactivated
 * @param state        the state name ({@code docs/lustre-state.md})
 * @param signal       the file the state came from
 * @param tentative    the state is prealloc_status -11, "not connected yet", which counts as not responding
 *                     only once a second read still shows it
 * @param space        statfs values
 * @param nid          NID of the current connection; empty when unknown
 * @param vanished     the node's folder is gone (the device was removed mid-scan); nothing else is valid
 * @param importDenied the import file exists but this user may not read it
 * @param error        the first unexpected read error, {@code "<file>: <reason>"}; empty when none. The
 *                     condition is then {@link Condition#UNKNOWN}
 * @param prealloc     the OSP's {@code prealloc_status}; null when not read or unreadable (MDT-facing OSPs)
 */
public record NodeReading(Condition condition, String state, String signal, boolean tentative, Space space,
                          String nid, boolean vanished, boolean importDenied, String error, Integer prealloc) {

    static NodeReading vanishedNode() {
        return new NodeReading(Condition.RESPONDING, "", "", false, Space.UNKNOWN, "", true, false, "", null);
    }
}
