package org.lustrecollector.demo.lustretree;

/**
 * The Lustre versions whose file layouts the fixture generator writes ({@code docs/lustre-facts.md} §3).
 */
public enum TreeLayout {
    /** 2.11 and older: every OSP, LOD and OSD file, import included, under /proc/fs/lustre; no mdt_obd. */
    V2_11("2.11.0"),
    /**
     * 2.12.x: OSP and LOD values in sysfs, import and state in debugfs, but the OSD statfs files still in
     * /proc, no LOD mdt_obd and no debugfs health_check ({@code lustre/osd-ldiskfs/osd_lproc.c},
     * {@code lustre/lod/lproc_lod.c}, {@code lustre/obdclass/obd_sysfs.c} v2_12_9).
     */
    V2_12("2.12.9"),
    /** 2.13 to 2.15: OSD statfs in sysfs too, mdt_obd, debugfs health_check. */
    V2_15("2.15.4"),
    /** 2.16: as 2.15, with quoted NIDs and a nids_stats block in import, and the MDT's eviction_count. */
    V2_16("2.16.1");

    private final String version;

    TreeLayout(String version) {
        this.version = version;
    }

    public String version() {
        return version;
    }

    /** Whether the OSD's statfs files are in sysfs (2.13+) rather than /proc. */
    boolean osdInSysfs() {
        return this == V2_15 || this == V2_16;
    }

    /** Whether the LOD has mdt_obd and there is a debugfs health_check (2.13+; 2.12.90 for mdt_obd). */
    boolean since213() {
        return this == V2_15 || this == V2_16;
    }
}
