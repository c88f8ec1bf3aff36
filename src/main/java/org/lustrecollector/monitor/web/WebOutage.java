package org.lustrecollector.monitor.web;

import java.util.List;

/**
 * One outage as the page shows it: a row of a collector's {@code getOutages} (docs/api.md, "Outages"), or the
 * pair's rows of one outage merged ({@link OutageView}).
 *
 * @param kind        {@code server} or {@code network}
 * @param key         the NID (server) or the LNet network, such as {@code o2ib1}
 * @param targets     distinct targets lost in it
 * @param servers     distinct servers (NIDs) of those targets
 * @param filesystems the filesystems of those targets
 * @param since       epoch seconds of its first loss
 * @param active      false once every target lost in it is back
 * @param ended       epoch seconds of the restoration that ended it; -1 while active
 * @param examples    the first few targets lost
 * @param collectors  the collectors that report it
 */
public record WebOutage(String kind, String key, int targets, int servers, List<String> filesystems, long since,
        boolean active, long ended, List<String> examples, List<String> collectors) {
    public WebOutage {
        filesystems = List.copyOf(filesystems);
        examples = List.copyOf(examples);
        collectors = List.copyOf(collectors);
    }

    /** The last second it covers: its end, or {@link Long#MAX_VALUE} while it goes on. */
    long until() {
        return active ? Long.MAX_VALUE : ended;
    }
}
