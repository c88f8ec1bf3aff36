package org.lustrecollector.lustre;

import org.lustrecollector.lustre.procfs.ProcRoot;

/**
 * Where one node's files are, decided once per inventory: the single-value files (sysfs on 2.12+, /proc
 * on 2.11 and older; the OSD's folder for a local MDT) and the {@code import} file (debugfs on 2.12+,
 * /proc before), which may be absent or unreadable.
 *
 * @param valuesRoot tree of the single-value files; null when there are none (a local MDT without OSD folder)
 * @param valuesDir  their folder in it
 * @param importRoot tree of the import file; null when there is none to read
 * @param importDir  its folder in it
 */
public record NodeFiles(ProcRoot valuesRoot, String valuesDir, ProcRoot importRoot, String importDir) {
}
