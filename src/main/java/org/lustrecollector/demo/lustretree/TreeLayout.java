package org.lustrecollector.demo.lustretree;

/** The Lustre versions whose file layouts the fixture generator writes. */
public enum TreeLayout {
    /** 2.11 and older: every OSP file, import included, under /proc/fs/lustre/osp. */
    V2_11("2.11.0"),
    /** 2.12 to 2.15: OSP values in sysfs, import and state in debugfs. */
    V2_15("2.15.4"),
    /** 2.16: as 2.15, with quoted NIDs and a nids_stats block in import. */
    V2_16("2.16.1");

    private final String version;

    TreeLayout(String version) {
        this.version = version;
    }

    public String version() {
        return version;
    }
}
