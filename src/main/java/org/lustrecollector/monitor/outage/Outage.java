package org.lustrecollector.monitor.outage;

import java.util.List;

/**
 * One outage as a collector reports it ({@code getOutages}, docs/api.md "Outages"), or as the monitor shows
 * the reports of several collectors merged ({@link OutageMerge}): targets of one server (a NID) or of one
 * LNet network that stopped responding together. The one record of {@code --status}, the Alertmanager relay
 * and the web view.
 *
 * @param kind        {@code server} or {@code network}
 * @param key         the NID ({@code 10.0.0.7@o2ib1}) or the network ({@code o2ib1})
 * @param targets     distinct targets lost in it
 * @param servers     distinct NIDs of those targets
 * @param filesystems the fsnames of those targets
 * @param since       epoch seconds of its first loss
 * @param active      false once every target lost in it is back
 * @param ended       epoch seconds it ended; -1 while active (and from a collector that does not say)
 * @param examples    the first few targets lost
 * @param collectors  the collectors that reported it (their names, or the web view's URLs)
 */
public record Outage(String kind, String key, int targets, int servers, List<String> filesystems, long since,
                     boolean active, long ended, List<String> examples, List<String> collectors) {
    public static final String SERVER = "server";
    public static final String NETWORK = "network";

    public Outage {
        if (kind.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("an outage needs a kind and a key");
        }
        filesystems = List.copyOf(filesystems);
        examples = List.copyOf(examples);
        collectors = List.copyOf(collectors);
        if (active) {
            ended = -1;
        }
    }

    /** What the relay's alert and the collectors' reports call it: kind and key (one outage at a time has it). */
    public String identity() {
        return kind + " " + key;
    }

    /** The LNet network: the part of a server's NID after '@', or a network outage's key; empty if none. */
    public String lnet() {
        if (!SERVER.equals(kind)) {
            return key;
        }
        int at = key.lastIndexOf('@');
        return at < 0 ? "" : key.substring(at + 1);
    }

    /**
     * The last second it covers: its end, or {@link Long#MAX_VALUE} while it goes on (and when a collector
     * that does not say when it ended reports it ended).
     */
    public long until() {
        return active || ended < 0 ? Long.MAX_VALUE : ended;
    }

    /** Whether the two cover a common second: first loss to end, or on while active. */
    public boolean overlaps(Outage other) {
        return since <= other.until() && other.since <= until();
    }
}
