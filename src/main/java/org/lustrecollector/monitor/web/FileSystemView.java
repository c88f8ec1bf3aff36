package org.lustrecollector.monitor.web;

import java.util.List;

/**
 * One filesystem as one collector sees it, for the page: its targets in order with one state letter each
 * ({@link #RESPONDING}, {@link #NOT_RESPONDING}, {@link #DEACTIVATED}, {@link #LOW_SPACE}), its health and
 * its space. Space values are KiB or inodes, -1 where unknown.
 *
 * @param states one letter per target of {@code targets}, same order
 */
public record FileSystemView(String name, String collector, List<String> targets, String states, String health,
        double kbytesTotal, double kbytesAvail, double kbytesFree, double filesTotal, double filesFree,
        double traps) {
    public static final char RESPONDING = 'R';
    public static final char NOT_RESPONDING = 'N';
    public static final char DEACTIVATED = 'D';
    public static final char LOW_SPACE = 'L';

    public int count(char state) {
        int n = 0;
        for (int i = 0; i < states.length(); i++) {
            n += states.charAt(i) == state ? 1 : 0;
        }
        return n;
    }

    /** A server that is not healthy ({@code NOT HEALTHY}, {@code LBUG}); an unreadable health is not counted. */
    public boolean unhealthy() {
        return !health.isEmpty() && !health.equals("healthy");
    }
}
