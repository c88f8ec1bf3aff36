package org.lustrecollector.monitor;

import org.lustrecollector.api.Category;

/**
 * One trap as a collector served it ({@code docs/api.md}: [message, category, nodeName, fsName, id, time]),
 * with the collector it came from.
 *
 * @param time      when the event happened, epoch seconds, the source's clock
 * @param collector the collector's URL as the user gave it (without user name)
 */
public record MonitoredTrap(String id, long time, Category category, String fs, String node, String message,
        String collector) {
}
