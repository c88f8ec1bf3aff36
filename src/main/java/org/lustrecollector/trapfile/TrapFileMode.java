package org.lustrecollector.trapfile;

/** How the trap file is read. */
public enum TrapFileMode {
    /** procfs, sysfs and debugfs files are read whole each time; anything else is followed. */
    AUTO,
    /** A file a producer appends to: only new bytes are read. */
    REGULAR,
    /** A kernel ring: read whole, only ids not seen in the previous read are new. */
    PROCFS
}
