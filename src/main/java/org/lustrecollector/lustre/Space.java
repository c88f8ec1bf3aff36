package org.lustrecollector.lustre;

/**
 * A target's statfs values as its OSP (or OSD) last cached them; -1 where unknown.
 */
public record Space(long kbytesTotal, long kbytesFree, long kbytesAvail, long filesTotal, long filesFree) {
    public static final Space UNKNOWN = new Space(-1, -1, -1, -1, -1);

    /** The statfs files, in the order of the components. */
    public static final String[] FILES = {"kbytestotal", "kbytesfree", "kbytesavail", "filestotal", "filesfree"};

    /** Whether every value is known. */
    public boolean complete() {
        return kbytesTotal >= 0 && kbytesFree >= 0 && kbytesAvail >= 0 && filesTotal >= 0 && filesFree >= 0;
    }

    public boolean known() {
        return kbytesTotal >= 0 && kbytesAvail >= 0;
    }

    /** Free inodes as a percentage of the total; -1 when unknown or the total is 0. */
    public double filesFreePercent() {
        return filesTotal > 0 && filesFree >= 0 ? filesFree * 100.0 / filesTotal : -1;
    }

    /** Available space as a percentage of the total; -1 when unknown or the total is 0. */
    public double availPercent() {
        return known() && kbytesTotal > 0 ? kbytesAvail * 100.0 / kbytesTotal : -1;
    }
}
