package org.lustrecollector.lustre;

import java.util.HashMap;
import java.util.Map;

/**
 * A LOD's {@code target_obd} (OSTs) or {@code mdt_obd} (MDTs): one line {@code "%d: %s %sACTIVE"} per
 * target, e.g. {@code 1: lustre-OST0001_UUID INACTIVE}. The LOD marks a target INACTIVE when its OSP's
 * statfs fails with ENOTCONN. One small file covers every OST of a filesystem, so it is read each tick.
 */
public final class TargetObd {
    private TargetObd() {
    }

    /** Target name to active; lines that do not parse are skipped. */
    public static Map<String, Boolean> parse(String text) {
        Map<String, Boolean> active = new HashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            // Searches stay within the line: a file of junk must not cost quadratic time.
            int colon = indexOf(text, ':', start, end);
            int space = colon < 0 || colon + 2 >= end ? -1 : indexOf(text, ' ', colon + 2, end);
            if (space > 0) {
                String uuid = text.substring(colon + 2, space);
                String flag = text.substring(space + 1, end).trim();
                if (uuid.endsWith("_UUID") && (flag.equals("ACTIVE") || flag.equals("INACTIVE"))) {
                    active.put(uuid.substring(0, uuid.length() - 5), flag.equals("ACTIVE"));
                }
            }
            start = end + 1;
        }
        return active;
    }

    private static int indexOf(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
