package org.lustrecollector.lustre;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the Lustre state scan is told.
 *
 * @param root             folder under which {@code sys/fs/lustre}, {@code proc/fs/lustre} and
 *                         {@code sys/kernel/debug/lustre} are read: "/" on an MDS, a generated tree in tests
 * @param spaceWarnPercent an OST or MDT whose available space falls below this share of its total raises a Warning
 * @param inodeWarnPercent an OST or MDT whose free inodes fall below this share of its total raises a Warning
 */
public record LustreSettings(Path root, double spaceWarnPercent, double inodeWarnPercent) {
    public LustreSettings {
        Objects.requireNonNull(root);
    }
}
