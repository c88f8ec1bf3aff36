package org.lustrecollector.outage;

/** What an outage's targets share: the server (NID) they were reached at, or the LNet network of several servers. */
public enum OutageKind {
    SERVER, NETWORK;

    /** The name getOutages answers: {@code server} or {@code network}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
