package org.lustrecollector.outage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel-log lines (rsyslog's ISO form) of the MDS's imports losing and regaining their targets, worded as
 * lustre/ptlrpc/import.c v2_15_0 prints them: ptlrpc_set_import_discon() "%s: Connection to %.*s (at %s) was
 * lost; in progress operations using this service will wait for recovery to complete", and
 * ptlrpc_connect_interpret()'s "%s: Connection restored to %s (at %s)".
 */
final class ConsoleLines {
    private final List<String> lines = new ArrayList<>();

    ConsoleLines lost(long when, String target, String nid) {
        lines.add(stamp(when) + " mds1 kernel: Lustre: " + target + "-osc-MDT0000: Connection to " + target + " (at "
                + nid + ") was lost; in progress operations using this service will wait for recovery to complete");
        return this;
    }

    ConsoleLines restored(long when, String target, String nid) {
        lines.add(stamp(when) + " mds1 kernel: Lustre: " + target + "-osc-MDT0000: Connection restored to " + nid
                + " (at " + nid + ")");
        return this;
    }

    int size() {
        return lines.size();
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    private static String stamp(long when) {
        String iso = Instant.ofEpochSecond(when).toString();
        return iso.substring(0, iso.length() - 1) + ".000000+00:00";
    }
}
