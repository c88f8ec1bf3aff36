package org.lustrecollector.lustre;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;

import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcReadException;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.lustre.procfs.ProcTree;

/**
 * The filesystems this MDS serves and their nodes, found by listing folders: the filesystems are the
 * fsnames of the local MDTs; the nodes are those MDTs and every target their OSPs connect to. Built
 * from directory listings only (no file is read), so it is cheap enough to rebuild now and then.
 *
 * <p>Layouts: MDTs are listed in sysfs and /proc; OSP folders in sysfs (2.12+) and /proc (2.11 and
 * older); import files in debugfs (2.12+) or next to the values in /proc. When several local MDTs of a
 * filesystem see the same target, the OSP of the lowest-numbered MDT stands for it.
 */
final class Inventory {
    /** One node and where to read it. {@code osp} is null for a local MDT. */
    record Node(TargetName target, OspDevice osp, NodeFiles files) {
        boolean local() {
            return osp == null;
        }
    }

    /**
     * A local MDT's LOD, whose target_obd and mdt_obd (/proc) list the OSTs and MDTs it sees, and whose
     * statfs files ({@code valuesRoot}: sysfs from 2.12, /proc before) hold its filesystem's totals.
     */
    record Lod(String fsName, int mdtIndex, String folder, ProcRoot valuesRoot, boolean seesMdts) {
    }

    private static final Comparator<TargetName> ORDER = Comparator.comparing(TargetName::fsName)
            .thenComparing(TargetName::type, Comparator.reverseOrder()) // MDTs first
            .thenComparingInt(TargetName::index);

    final Map<String, Node> nodes;
    final List<Lod> lods;
    final List<String> fileSystems;
    /** Node names per filesystem, MDTs first, then by index. */
    final Map<String, List<String>> nodesByFileSystem;

    private Inventory(Map<String, Node> nodes, List<Lod> lods) {
        this.nodes = nodes;
        this.lods = List.copyOf(lods);
        Map<String, List<String>> byFs = new TreeMap<>();
        for (Node n : nodes.values()) {
            byFs.computeIfAbsent(n.target().fsName(), fs -> new ArrayList<>()).add(n.target().name());
        }
        byFs.replaceAll((fs, names) -> List.copyOf(names));
        this.nodesByFileSystem = java.util.Collections.unmodifiableMap(byFs);
        this.fileSystems = List.copyOf(byFs.keySet());
    }

    static Inventory empty() {
        return new Inventory(Map.of(), List.of());
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    static Inventory discover(ProcTree tree, RateLimitedLog log, boolean useDebugfs) {
        Set<TargetName> localMdts = new TreeSet<>(ORDER);
        for (ProcRoot root : new ProcRoot[] {ProcRoot.SYSFS, ProcRoot.PROCFS}) {
            for (String name : list(tree, log, root, "mdt")) {
                TargetName.parse(name).filter(t -> t.type() == NodeType.MDT).ifPresent(localMdts::add);
            }
        }
        Set<String> fileSystems = new HashSet<>();
        localMdts.forEach(t -> fileSystems.add(t.fsName()));

        Map<TargetName, Node> found = new TreeMap<>(ORDER);
        Map<String, NodeFiles> osds = osdFolders(tree, log);
        Set<String> inDebugfs = useDebugfs ? new HashSet<>(list(tree, log, ProcRoot.DEBUGFS, "osp")) : Set.of();
        Map<String, ProcRoot> ospFolders = new LinkedHashMap<>();
        for (String device : list(tree, log, ProcRoot.PROCFS, "osp")) {
            ospFolders.put(device, ProcRoot.PROCFS);
        }
        for (String device : list(tree, log, ProcRoot.SYSFS, "osp")) {
            ospFolders.put(device, ProcRoot.SYSFS); // sysfs wins where both exist
        }
        // Local MDTs that have an MDT-facing OSP: their LOD's mdt_obd lists something.
        Set<TargetName> seeMdts = new HashSet<>();
        for (String device : ospFolders.keySet()) {
            OspDevice.parse(device).filter(osp -> osp.target().type() == NodeType.MDT)
                    .ifPresent(osp -> seeMdts.add(new TargetName(osp.target().fsName(), NodeType.MDT, osp.mdtIndex())));
        }

        List<Lod> lods = new ArrayList<>();
        Set<String> lodsInSysfs = localMdts.isEmpty() ? Set.of() : new HashSet<>(list(tree, log, ProcRoot.SYSFS, "lod"));
        for (TargetName mdt : localMdts) {
            found.put(mdt, new Node(mdt, null, osds.getOrDefault(mdt.name(), new NodeFiles(null, "", null, ""))));
            String lod = mdt.name() + "-mdtlov";
            lods.add(new Lod(mdt.fsName(), mdt.index(), "lod/" + lod,
                    lodsInSysfs.contains(lod) ? ProcRoot.SYSFS : ProcRoot.PROCFS, seeMdts.contains(mdt)));
        }
        Map<TargetName, OspDevice> chosen = new HashMap<>();
        for (String device : ospFolders.keySet()) {
            OspDevice.parse(device).ifPresent(osp -> {
                TargetName target = osp.target();
                boolean ours = fileSystems.contains(target.fsName())
                        && localMdts.contains(new TargetName(target.fsName(), NodeType.MDT, osp.mdtIndex()))
                        && !localMdts.contains(target);
                if (ours) {
                    chosen.merge(target, osp, (a, b) -> a.mdtIndex() <= b.mdtIndex() ? a : b);
                }
            });
        }
        chosen.forEach((target, osp) -> {
            String folder = "osp/" + osp.device();
            ProcRoot values = ospFolders.get(osp.device());
            NodeFiles files = inDebugfs.contains(osp.device()) ? new NodeFiles(values, folder, ProcRoot.DEBUGFS, folder)
                    : values == ProcRoot.PROCFS ? new NodeFiles(values, folder, ProcRoot.PROCFS, folder)
                    : new NodeFiles(values, folder, null, "");
            found.put(target, new Node(target, osp, files));
        });
        Map<String, Node> nodes = new LinkedHashMap<>();
        found.forEach((t, n) -> nodes.put(t.name(), n));
        return new Inventory(nodes, lods);
    }

    /** Each MDT's OSD folder ({@code osd-ldiskfs/<mdt>}, {@code osd-zfs/<mdt>}), which has its statfs files. */
    private static Map<String, NodeFiles> osdFolders(ProcTree tree, RateLimitedLog log) {
        Map<String, NodeFiles> osds = new HashMap<>();
        for (ProcRoot root : new ProcRoot[] {ProcRoot.PROCFS, ProcRoot.SYSFS}) {
            for (String type : list(tree, log, root, "")) {
                if (type.startsWith("osd-")) {
                    for (String device : list(tree, log, root, type)) {
                        osds.put(device, new NodeFiles(root, type + "/" + device, null, ""));
                    }
                }
            }
        }
        return osds;
    }

    /** A folder's names; empty when it does not exist or may not be read (debugfs for a user). */
    private static List<String> list(ProcTree tree, RateLimitedLog log, ProcRoot root, String folder) {
        try {
            return tree.list(root, folder);
        } catch (ProcReadException e) {
            if (e.error() != ProcError.NOT_FOUND && e.error() != ProcError.PERMISSION_DENIED) {
                log.log(Level.WARNING, "Cannot list " + e.getMessage());
            }
            return List.of();
        }
    }
}
