package org.lustrecollector.outage;

import java.util.List;

/**
 * One outage as getOutages shows it.
 *
 * @param kind        server or network
 * @param key         the NID (server) or the LNet network, such as {@code o2ib1}
 * @param targets     distinct targets lost in it
 * @param servers     distinct servers (NIDs) of those targets
 * @param filesystems the filesystems of those targets
 * @param since       epoch seconds of its first loss
 * @param ended       epoch seconds of the restoration that ended it; -1 while active
 * @param examples    the first few targets lost
 */
public record Outage(OutageKind kind, String key, int targets, int servers, List<String> filesystems, long since,
                     long ended, List<String> examples) {
    public Outage {
        filesystems = List.copyOf(filesystems);
        examples = List.copyOf(examples);
    }

    public boolean active() {
        return ended < 0;
    }
}
