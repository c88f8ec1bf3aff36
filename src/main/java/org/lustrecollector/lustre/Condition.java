package org.lustrecollector.lustre;

/** What a node's state means to an administrator. */
public enum Condition {
    RESPONDING,
    NOT_RESPONDING,
    /** An administrator set {@code active=0}: not contacted on purpose, not a failure. */
    DEACTIVATED,
    /**
     * A file the rules need failed with an error Lustre does not give in any normal state (permission
     * denied on a world-readable file, EIO, not a regular file): the collector cannot say; neither
     * responding nor failed, and no trap.
     */
    UNKNOWN
}
