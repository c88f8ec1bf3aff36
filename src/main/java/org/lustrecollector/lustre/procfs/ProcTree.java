package org.lustrecollector.lustre.procfs;

import java.util.List;

/**
 * Read access to Lustre's /proc, /sys and debugfs trees: read a file whole, list a folder. Paths are
 * relative to the root, with '/' between names ({@code "osp/lustre-OST0000-osc-MDT0000/kbytesavail"}).
 * Every failure is a {@link ProcReadException} saying why, so callers can tell "inactive" from "absent".
 */
public interface ProcTree extends AutoCloseable {
    /** The whole file, read to end of file (the sizes these files report mean nothing), as text. */
    String read(ProcRoot root, String path) throws ProcReadException;

    /**
     * {@link #read} of a file the caller's last read of it succeeded for: procfs, sysfs and debugfs files
     * keep their type, so a tree may skip checking that it is a regular file.
     */
    default String reread(ProcRoot root, String path) throws ProcReadException {
        return read(root, path);
    }

    /** The names in a folder, in no particular order. */
    List<String> list(ProcRoot root, String path) throws ProcReadException;

    /** Releases what the tree holds open. */
    @Override
    default void close() {
    }
}
