package org.lustrecollector.monitor.web;

/**
 * One trap as the dashboard shows it: what the monitor received, after the pair's duplicates are gone.
 *
 * @param seq       the dashboard's own number for the trap, growing by one: {@code /api/traps?since=} and the
 *                  event stream's ids
 * @param time      when the event happened, epoch seconds
 * @param category  0 (INFO) to 3 (FATAL)
 * @param collector the collector it came from
 */
public record WebTrap(long seq, String id, long time, int category, String fs, String node, String message,
        String collector) {
    /** The severities by category code, as the page and the JSON name them. */
    public static final String[] SEVERITIES = {"INFO", "WARNING", "CRITICAL", "FATAL"};

    public String severity() {
        return SEVERITIES[category];
    }
}
