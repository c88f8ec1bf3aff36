package org.lustrecollector.lustre.procfs;

/** The three trees Lustre exposes its state in, relative to {@code lustreroot}. */
public enum ProcRoot {
    /** Single-value attributes (2.10+: top-level files; 2.12+: OSP values). */
    SYSFS("sys/fs/lustre"),
    /** Everything on 2.11 and older; the LOD's {@code target_obd} and the MDT's text files on all versions. */
    PROCFS("proc/fs/lustre"),
    /** Multi-line OSP files ({@code import}, {@code state}) on 2.12+; usually readable by root only. */
    DEBUGFS("sys/kernel/debug/lustre");

    private final String relativePath;

    ProcRoot(String relativePath) {
        this.relativePath = relativePath;
    }

    public String relativePath() {
        return relativePath;
    }
}
