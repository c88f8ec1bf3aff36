package org.lustrecollector.metrics;

import static org.lustrecollector.metrics.CollectorMetrics.PREFIX;
import static org.lustrecollector.metrics.CollectorMetrics.point;

import java.util.List;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import org.lustrecollector.lustre.FileSystemSummary;
import org.lustrecollector.lustre.LustreState;

/**
 * The families with a series per filesystem, from the last scans' {@link FileSystemSummary}s: space of
 * its OSTs, inodes of its MDTs, targets down. The per-target families are {@link TargetFamilies}'.
 */
public final class FileSystemMetrics {
    private static final long KILOBYTE = 1024;

    private FileSystemMetrics() {
    }

    public static List<MetricSnapshot> of(LustreState lustre) {
        GaugeSnapshot.Builder fsCapacity = gauge("filesystem_capacity_bytes",
                "Sum of the sizes of the filesystem's OSTs whose size is known");
        GaugeSnapshot.Builder fsAvailable = gauge("filesystem_available_bytes",
                "Sum of the space available on the filesystem's OSTs whose space is known");
        GaugeSnapshot.Builder fsInodes = gauge("filesystem_inodes", "Sum of the inodes of the filesystem's MDTs");
        GaugeSnapshot.Builder fsInodesFree = gauge("filesystem_inodes_free",
                "Sum of the free inodes of the filesystem's MDTs");
        GaugeSnapshot.Builder fsTargetsDown = gauge("filesystem_targets_down",
                "The filesystem's targets that do not respond (deactivated ones are not counted)");
        for (String fs : lustre.fileSystems()) {
            lustre.fileSystem(fs).ifPresent(summary -> addFileSystem(summary, fsCapacity, fsAvailable, fsInodes,
                    fsInodesFree, fsTargetsDown));
        }
        return List.of(fsCapacity.build(), fsAvailable.build(), fsInodes.build(), fsInodesFree.build(),
                fsTargetsDown.build());
    }
    private static void addFileSystem(FileSystemSummary summary, GaugeSnapshot.Builder capacity,
                                      GaugeSnapshot.Builder available, GaugeSnapshot.Builder inodes,
                                      GaugeSnapshot.Builder inodesFree, GaugeSnapshot.Builder down) {
        Labels labels = Labels.of("fs", summary.name());
        addKnown(capacity, summary.ostSpace().kbytesTotal(), KILOBYTE, labels);
        addKnown(available, summary.ostSpace().kbytesAvail(), KILOBYTE, labels);
        addKnown(inodes, summary.mdtSpace().filesTotal(), 1, labels);
        addKnown(inodesFree, summary.mdtSpace().filesFree(), 1, labels);
        down.dataPoint(point(summary.notResponding().size(), labels));
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(PREFIX + name).help(help);
    }

    private static void addKnown(GaugeSnapshot.Builder family, long value, long unit, Labels labels) {
        if (value >= 0) {
            family.dataPoint(point((double) value * unit, labels));
        }
    }
}
