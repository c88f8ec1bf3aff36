package org.lustrecollector.monitor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NID a trap's message says its target was reached at, for the {@code nid} and {@code lnet} labels of
 * target alerts. Two wordings: Lustre's console lines, {@code Connection to lustre-OST0010 (at
 * 10.0.0.7@o2ib1) was lost; ...} and {@code Connection restored to ... (at 10.0.0.7@o2ib1)}
 * (lustre/ptlrpc/import.c), and the collector's own state traps, {@code lustre-OST0010 is not responding
 * (DISCONN in import, NID 10.0.0.7@o2ib1)} (the import's current_connection or the OSP's ost_conn_uuid).
 */
final class TrapNid {
    /** A NID: an address, '@', the LNet network ({@code o2ib1}, {@code tcp}, {@code 0@lo}). */
    private static final String NID = "([^\\s()@,]+@[A-Za-z0-9]+)";
    private static final Pattern CONSOLE = Pattern.compile("\\(at " + NID + "\\)");
    private static final Pattern STATE = Pattern.compile(", NID " + NID + "\\)");

    private TrapNid() {
    }

    /** The NID the message names, or empty. */
    static String of(String message) {
        Matcher m = CONSOLE.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        m = STATE.matcher(message);
        return m.find() ? m.group(1) : "";
    }

    /** The LNet network of a NID: the part after its last '@'. */
    static String network(String nid) {
        return nid.substring(nid.lastIndexOf('@') + 1);
    }
}
