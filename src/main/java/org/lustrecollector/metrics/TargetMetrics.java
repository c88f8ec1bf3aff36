package org.lustrecollector.metrics;

import static org.lustrecollector.metrics.CollectorMetrics.PREFIX;
import static org.lustrecollector.metrics.CollectorMetrics.point;

import java.util.List;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import org.lustrecollector.lustre.Condition;
import org.lustrecollector.lustre.FileSystemSummary;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.NodeStatus;
import org.lustrecollector.lustre.Space;

/**
 * The families with a series per Lustre target (MDT or OST) and per filesystem, from the last scans'
 * {@link NodeStatus}es: never per client, NID or job. Space is in bytes (Lustre counts kilobytes), inodes
 * in counts; a value Lustre did not give is left out rather than shown as -1.
 */
public final class TargetMetrics {
    private static final long KILOBYTE = 1024;

    private TargetMetrics() {
    }

    public static List<MetricSnapshot> of(LustreState lustre) {
        GaugeSnapshot.Builder up = gauge("target_up",
                "1 when the target responds, 0 when it does not or was deactivated; absent while its files cannot be read");
        GaugeSnapshot.Builder deactivated = gauge("target_deactivated",
                "1 when an administrator deactivated the target (active=0), else 0");
        GaugeSnapshot.Builder state = gauge("target_state",
                "1 for the target's state as Lustre shows it (import state FULL, DISCONN, ... or ACTIVE/INACTIVE)");
        GaugeSnapshot.Builder capacity = gauge("target_capacity_bytes", "The target's size (kbytestotal)");
        GaugeSnapshot.Builder free = gauge("target_free_bytes", "The target's free space (kbytesfree)");
        GaugeSnapshot.Builder available = gauge("target_available_bytes",
                "The target's space available to ordinary users (kbytesavail)");
        GaugeSnapshot.Builder inodes = gauge("target_inodes", "The target's inodes or objects (filestotal)");
        GaugeSnapshot.Builder inodesFree = gauge("target_inodes_free", "The target's free inodes (filesfree)");
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
            for (String name : lustre.nodeNames(fs)) {
                NodeStatus s = lustre.node(name).orElse(null);
                if (s == null) {
                    continue;
                }
                Labels labels = Labels.of("fs", s.fsName(), "target", s.name());
                if (s.condition() != Condition.UNKNOWN) {
                    up.dataPoint(point(s.responding() ? 1 : 0, labels));
                }
                deactivated.dataPoint(point(s.condition() == Condition.DEACTIVATED ? 1 : 0, labels));
                state.dataPoint(point(1, labels.add("state", s.state())));
                Space space = s.space();
                addKnown(capacity, space.kbytesTotal(), KILOBYTE, labels);
                addKnown(free, space.kbytesFree(), KILOBYTE, labels);
                addKnown(available, space.kbytesAvail(), KILOBYTE, labels);
                addKnown(inodes, space.filesTotal(), 1, labels);
                addKnown(inodesFree, space.filesFree(), 1, labels);
            }
            lustre.fileSystem(fs).ifPresent(summary -> addFileSystem(summary, fsCapacity, fsAvailable, fsInodes,
                    fsInodesFree, fsTargetsDown));
        }
        return List.of(up.build(), deactivated.build(), state.build(), capacity.build(), free.build(),
                available.build(), inodes.build(), inodesFree.build(), fsCapacity.build(), fsAvailable.build(),
                fsInodes.build(), fsInodesFree.build(), fsTargetsDown.build());
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
