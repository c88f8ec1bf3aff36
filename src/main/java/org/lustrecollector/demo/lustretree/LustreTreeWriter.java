package org.lustrecollector.demo.lustretree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcRoot;

/**
 * Writes the /sys, /proc and debugfs trees of a Lustre MDS into a folder, as {@code lustreroot} for tests
 * and the demo: local MDTs with their LOD and OSD, an OSP per OST and per other MDT for every local MDT (MDTs see each other),
 * {@code health_check}, in the 2.11, 2.12, 2.15 or 2.16 layout ({@code docs/lustre-facts.md} §3 to §9),
 * with nodes in chosen {@link NodeCondition}s, optionally a combined MGS and ZFS-backed MDTs. Errors a file
 * tree cannot give (ENOTCONN, EINVAL) come from {@link #faults()}, for a {@code FaultInjectingProcTree}.
 * Every file's format, with the lustre-release file and tag it comes from, is checked by
 * {@code FixtureFormatTest}.
 *
 * <p>Any size: {@link #linkIdenticalContent()} makes files with the same content hard links to one
 * file, so that 100,000 nodes fit in a few hundred MB of directory entries.
 */
public final class LustreTreeWriter {
    private record FileSystemSpec(String name, int localMdts, int mdts, int osts) {
    }

    private final Path root;
    private final TreeLayout layout;
    private boolean debugfs = true;
    private boolean linkContent;
    private boolean mgs;
    private String osdType = "osd-ldiskfs";
    private final Map<String, Integer> freeInodes = new HashMap<>();
    private final Map<String, String> recoveryTexts = new HashMap<>();
    private final Map<String, Long> evictions = new HashMap<>();
    private final Map<String, Integer> precreateErrors = new HashMap<>();
    private final Map<String, FileSystemSpec> fileSystems = new LinkedHashMap<>();
    private final Map<String, NodeCondition> conditions = new HashMap<>();
    /** NIDs chosen for nodes: the node's NID and its failover partner's. */
    private final Map<String, String[]> nids = new HashMap<>();
    private final Map<String, Path> contentPool = new HashMap<>();
    private final Map<Path, Integer> linksTo = new HashMap<>();
    /** ext4 allows 65,000 links to one file. */
    private static final int MAX_LINKS = 60_000;
    private boolean written;

    private LustreTreeWriter(Path root, TreeLayout layout) {
        this.root = root;
        this.layout = layout;
    }

    public static LustreTreeWriter at(Path root, TreeLayout layout) {
        return new LustreTreeWriter(root, layout);
    }

    public Path root() {
        return root;
    }

    /** Whether the debugfs tree (import, state) exists; without it the state comes from sysfs and /proc. */
    public LustreTreeWriter withDebugfs(boolean present) {
        this.debugfs = present;
        return this;
    }

    /**
     * Hard-links files of equal content to one file, and leaves out the OSP files the collector never
     * reads (uuid, blocksize, maxage, ping): for trees of many thousands of nodes.
     */
    public LustreTreeWriter linkIdenticalContent() {
        this.linkContent = true;
        return this;
    }

    /** A combined MGS/MDS: the MGS's own sysfs, /proc, debugfs and OSD folders next to the MDTs'. */
    public LustreTreeWriter withMgs() {
        this.mgs = true;
        return this;
    }

    /** The local MDTs' backend: {@code ldiskfs} (default) or {@code zfs}, i.e. an {@code osd-zfs} folder. */
    public LustreTreeWriter backend(String fsType) {
        this.osdType = "osd-" + fsType;
        return this;
    }

    /** A node's free inodes, as a percentage of its total; before {@link #write()}, or after it to change the tree. */
    public LustreTreeWriter freeInodes(String node, int percent) throws IOException {
        freeInodes.put(node, percent);
        rewrite(node);
        return this;
    }

    /**
     * A connected OST whose precreate fails with {@code rc} (-5, -30, -107, -110...): prealloc_status shows it
     * ({@code osp_pre_update_status()}, lustre/osp/osp_precreate.c v2_15_0); 0 clears it.
     */
    public LustreTreeWriter precreateError(String node, int rc) throws IOException {
        if (rc == 0) {
            precreateErrors.remove(node);
        } else {
            precreateErrors.put(node, rc);
        }
        rewrite(node);
        return this;
    }

    /** A local MDT in recovery, as {@code recovery_status} shows it while RECOVERING. */
    public LustreTreeWriter recovering(String mdt, int connected, int clients, int evicted, long remaining)
            throws IOException {
        // lprocfs_recovery_status_seq_show(), lustre/obdclass/lprocfs_status_server.c v2_15_0, v2_16_0
        recoveryTexts.put(mdt, "status: RECOVERING\nrecovery_start: 1717000000\ntime_remaining: " + remaining + "\n"
                + "connected_clients: " + connected + "/" + clients + "\nreq_replay_clients: 0\n"
                + "lock_repay_clients: 0\ncompleted_clients: " + connected + "\nevicted_clients: " + evicted + "\n"
                + "replayed_requests: 0\nqueued_requests: 0\nnext_transno: 4294967297\n");
        rewriteLocal(mdt);
        return this;
    }

    /** A local MDT whose recovery is over, as {@code recovery_status} shows it when COMPLETE. */
    public LustreTreeWriter recovered(String mdt, long duration, int completed, int clients) throws IOException {
        recoveryTexts.put(mdt, complete(duration, completed, clients));
        rewriteLocal(mdt);
        return this;
    }

    /** A local MDT's eviction_count (2.16 layout only: the file exists from 2.16). */
    public LustreTreeWriter evictions(String mdt, long count) throws IOException {
        evictions.put(mdt, count);
        rewriteLocal(mdt);
        return this;
    }

    private static String complete(long duration, int completed, int clients) {
        // lprocfs_recovery_status_seq_show(), lustre/obdclass/lprocfs_status_server.c v2_12_0 - v2_16_0
        return "status: COMPLETE\nrecovery_start: 1717000000\nrecovery_duration: " + duration + "\n"
                + "completed_clients: " + completed + "/" + clients + "\nreplayed_requests: 0\n"
                + "last_transno: 4294967296\nVBR: DISABLED\nIR: ENABLED\n";
    }

    /**
     * Puts many nodes of one filesystem in a condition, rewriting each LOD once (a router's OSTs at once): the
     * same files as {@link #condition(String, NodeCondition)} for each.
     */
    public LustreTreeWriter condition(java.util.Collection<String> nodes, NodeCondition condition) throws IOException {
        java.util.Set<FileSystemSpec> touched = new java.util.LinkedHashSet<>();
        for (String node : nodes) {
            conditions.put(node, condition);
            if (!written) {
                continue;
            }
            FileSystemSpec fs = fileSystemOf(node);
            touched.add(fs);
            for (int mdt = 0; mdt < fs.localMdts; mdt++) {
                if (node.equals(mdtName(fs.name, mdt))) {
                    writeLocalMdt(fs, mdt);
                } else {
                    writeOsp(fs, mdt, node);
                }
            }
        }
        for (FileSystemSpec fs : touched) {
            for (int mdt = 0; mdt < fs.localMdts; mdt++) {
                writeLod(fs, mdt);
            }
        }
        return this;
    }

    private void rewrite(String node) throws IOException {
        if (!written) {
            return;
        }
        FileSystemSpec fs = fileSystemOf(node);
        for (int mdt = 0; mdt < fs.localMdts; mdt++) {
            if (node.equals(mdtName(fs.name, mdt))) {
                writeLocalMdt(fs, mdt);
            } else {
                writeOsp(fs, mdt, node);
            }
            writeLod(fs, mdt);
        }
    }

    private void rewriteLocal(String mdt) throws IOException {
        if (written) {
            FileSystemSpec fs = fileSystemOf(mdt);
            writeLocalMdt(fs, Integer.parseInt(mdt.substring(mdt.length() - 4), 16));
        }
    }

    /** A filesystem with MDT0000 on this server and {@code osts} OSTs. */
    public LustreTreeWriter fileSystem(String name, int osts) {
        return fileSystem(name, 1, 0, osts);
    }

    /** A filesystem with MDTs 0 to localMdts-1 on this server, {@code remoteMdts} more elsewhere, and {@code osts} OSTs. */
    public LustreTreeWriter fileSystem(String name, int localMdts, int remoteMdts, int osts) {
        fileSystems.put(name, new FileSystemSpec(name, localMdts, localMdts + remoteMdts, osts));
        return this;
    }

    /** Puts a node (OST or remote MDT) in a condition; before {@link #write()}, or after it to change the tree. */
    public LustreTreeWriter condition(String node, NodeCondition condition) throws IOException {
        conditions.put(node, condition);
        rewrite(node);
        return this;
    }

    /**
     * The NID an OST or remote MDT is reached at ({@code ost_conn_uuid} or {@code mdt_conn_uuid}, the import's
     * {@code current_connection}) and its failover partner's, instead of the ones derived from its index;
     * before {@link #write()}, or after it to change the tree.
     */
    public LustreTreeWriter nids(String node, String nid, String failover) throws IOException {
        nids.put(node, new String[] {nid, failover});
        rewrite(node);
        return this;
    }

    public NodeCondition condition(String node) {
        return conditions.getOrDefault(node, NodeCondition.FULL);
    }

    /** Rewrites health_check: "healthy", "NOT HEALTHY" or "LBUG". */
    public void health(String content) throws IOException {
        replace(ProcRoot.SYSFS, "health_check", content + "\n");
    }

    public LustreTreeWriter write() throws IOException {
        replace(ProcRoot.SYSFS, "version", layout.version() + "\n");
        replace(ProcRoot.SYSFS, "health_check", "healthy\n");
        if (debugfs && layout.since213()) {
            replace(ProcRoot.DEBUGFS, "health_check", "");
        }
        if (mgs) {
            writeMgs();
        }
        for (FileSystemSpec fs : fileSystems.values()) {
            for (int mdt = 0; mdt < fs.localMdts; mdt++) {
                writeLocalMdt(fs, mdt);
                for (String node : nodeNames(fs.name)) {
                    if (!node.equals(mdtName(fs.name, mdt))) {
                        writeOsp(fs, mdt, node);
                    }
                }
                writeLod(fs, mdt);
            }
        }
        written = true;
        return this;
    }

    /** The node names of a filesystem, MDTs first. */
    public List<String> nodeNames(String fsName) {
        FileSystemSpec fs = fileSystems.get(fsName);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fs.mdts; i++) {
            names.add(mdtName(fs.name, i));
        }
        for (int i = 0; i < fs.osts; i++) {
            names.add(ostName(fs.name, i));
        }
        return names;
    }

    /**
     * The errors the kernel would give: ENOTCONN on statfs files of OSPs whose {@code opd_imp_active} is 0
     * (evicted, deactivated, never connected), EINVAL on MDT-facing prealloc_status
     * ({@code osp_statfs()} in {@code lustre/osp/osp_dev.c}, {@code prealloc_status_show()} in
     * {@code lustre/osp/lproc_osp.c}, v2_15_0).
     */
    public List<FileError> faults() {
        List<FileError> faults = new ArrayList<>();
        for (FileSystemSpec fs : fileSystems.values()) {
            for (int mdt = 0; mdt < fs.localMdts; mdt++) {
                for (String node : nodeNames(fs.name)) {
                    if (node.equals(mdtName(fs.name, mdt))) {
                        continue;
                    }
                    String folder = "osp/" + ospDevice(node, mdt);
                    NodeCondition c = condition(node);
                    if (!statfsReadable(c)) {
                        for (String file : new String[] {"kbytestotal", "kbytesfree", "kbytesavail", "filestotal", "filesfree"}) {
                            faults.add(new FileError(valuesRoot(), folder + "/" + file, ProcError.NOT_CONNECTED));
                        }
                    }
                    if (isMdt(node)) {
                        faults.add(new FileError(valuesRoot(), folder + "/prealloc_status", ProcError.INVALID_ARGUMENT));
                    }
                }
            }
        }
        return faults;
    }

    public static String ostName(String fs, int index) {
        return String.format(Locale.ROOT, "%s-OST%04x", fs, index);
    }

    public static String mdtName(String fs, int index) {
        return String.format(Locale.ROOT, "%s-MDT%04x", fs, index);
    }

    /** The OSP device through which local MDT {@code mdt} sees {@code node}. */
    public static String ospDevice(String node, int mdt) {
        return node + (isMdt(node) ? "-osp" : "-osc") + String.format(Locale.ROOT, "-MDT%04x", mdt);
    }

    // ---- the tree

    private ProcRoot valuesRoot() {
        return layout == TreeLayout.V2_11 ? ProcRoot.PROCFS : ProcRoot.SYSFS;
    }

    private ProcRoot importRoot() {
        return layout == TreeLayout.V2_11 ? ProcRoot.PROCFS : ProcRoot.DEBUGFS;
    }

    private ProcRoot osdRoot() {
        return layout.osdInSysfs() ? ProcRoot.SYSFS : ProcRoot.PROCFS;
    }

    private void writeLocalMdt(FileSystemSpec fs, int mdt) throws IOException {
        String name = mdtName(fs.name, mdt);
        replace(valuesRoot(), "mdt/" + name + "/uuid", name + "_UUID\n");
        replace(ProcRoot.PROCFS, "mdt/" + name + "/recovery_status",
                recoveryTexts.getOrDefault(name, complete(35, 12, 12)));
        if (layout == TreeLayout.V2_16) {
            replace(ProcRoot.SYSFS, "mdt/" + name + "/eviction_count", evictions.getOrDefault(name, 0L) + "\n");
        }
        String osd = osdType + "/" + name + "/";
        replace(osdRoot(), osd + "fstype", osdType.substring(4) + "\n");
        replace(osdRoot(), osd + "blocksize", "4096\n");
        writeSpace(osdRoot(), osd, spaceOf(name, fs));
    }

    /**
     * The combined MGS's folders: num_exports and fstype in /proc up to 2.12 (a proc var and a symlink to the
     * OSD's fstype, lustre/mgs/lproc_mgs.c v2_11_0, v2_12_0), sysfs attributes from 2.13 (v2_13_0, v2_15_0);
     * live/&lt;fs&gt; in /proc and filesystems in debugfs on all.
     */
    private void writeMgs() throws IOException {
        ProcRoot attrs = layout.since213() ? ProcRoot.SYSFS : ProcRoot.PROCFS;
        replace(attrs, "mgs/MGS/num_exports", "3\n");
        replace(attrs, "mgs/MGS/fstype", osdType.substring(4) + "\n");
        StringBuilder names = new StringBuilder();
        for (FileSystemSpec fs : fileSystems.values()) {
            names.append(fs.name).append('\n');
            // mgs_live_seq_show() (lustre/mgs/lproc_mgs.c), lprocfs_rd_ir_state() (lustre/mgs/mgs_nids.c) v2_15_0
            StringBuilder live = new StringBuilder("fsname: " + fs.name + "\nflags: 0x20     gen: 7\n");
            for (String node : nodeNames(fs.name)) {
                live.append(node).append('\n');
            }
            live.append("\nSecure RPC Config Rules:\n\nimperative_recovery_state:\n    state: full\n"
                    + "    nonir_clients: 0\n    nidtbl_version: 12\n    notify_duration_total: 0.000041000\n"
                    + "    notify_duation_max: 0.000021000\n    notify_count: 2\n");
            replace(ProcRoot.PROCFS, "mgs/MGS/live/" + fs.name, live.toString());
        }
        if (debugfs) {
            replace(ProcRoot.DEBUGFS, "mgs/MGS/filesystems", names.toString());
        }
        String osd = osdType + "/MGS/";
        replace(osdRoot(), osd + "fstype", osdType.substring(4) + "\n");
        writeSpace(osdRoot(), osd, new long[] {262_144, 258_000, 240_000, 65_536, 65_000});
    }

    private void writeLod(FileSystemSpec fs, int mdt) throws IOException {
        String lod = "lod/" + mdtName(fs.name, mdt) + "-mdtlov/";
        StringBuilder targets = new StringBuilder();
        int active = 0;
        for (int i = 0; i < fs.osts; i++) {
            boolean up = lodActive(ostName(fs.name, i));
            active += up ? 1 : 0;
            targets.append(i).append(": ").append(ostName(fs.name, i)).append("_UUID ").append(up ? "" : "IN").append("ACTIVE\n");
        }
        StringBuilder mdts = new StringBuilder();
        for (int i = 0; i < fs.mdts; i++) {
            if (i != mdt) {
                String name = mdtName(fs.name, i);
                mdts.append(i).append(": ").append(name).append("_UUID ").append(lodActive(name) ? "" : "IN").append("ACTIVE\n");
            }
        }
        replace(ProcRoot.PROCFS, lod + "target_obd", targets.toString());
        if (layout.since213()) {
            replace(ProcRoot.PROCFS, lod + "mdt_obd", mdts.toString());
        }
        replace(valuesRoot(), lod + "numobd", fs.osts + "\n");
        replace(valuesRoot(), lod + "activeobd", active + "\n");
        replace(valuesRoot(), lod + "blocksize", "4096\n");
        writeSpace(valuesRoot(), lod, lodSpace(fs, mdt));
    }

    /**
     * What {@code lod_statfs()} gives (lustre/lod/lod_dev.c v2_12_9, v2_15_0, v2_16_0): inodes of the local MDT
     * plus the other MDTs whose statfs answers; blocks of the OSTs whose statfs answers (of the MDTs when no
     * OST answers); inodes reduced to the OSTs' free objects when these are fewer (not in 2.11).
     */
    private long[] lodSpace(FileSystemSpec fs, int mdt) {
        long[] local = spaceOf(mdtName(fs.name, mdt), fs);
        long[] sum = {0, 0, 0, local[3], local[4]};
        for (int i = 0; i < fs.mdts; i++) {
            String name = mdtName(fs.name, i);
            if (i != mdt && statfsReadable(condition(name))) {
                long[] v = spaceOf(name, fs);
                add(sum, v);
                sum[3] += v[3];
                sum[4] += v[4];
            }
        }
        long ostFiles = 0;
        long ostFree = 0;
        for (int i = 0; i < fs.osts; i++) {
            String name = ostName(fs.name, i);
            if (statfsReadable(condition(name))) {
                if (ostFiles == 0) {
                    sum[0] = sum[1] = sum[2] = 0;
                }
                long[] v = spaceOf(name, fs);
                add(sum, v);
                ostFiles += v[3];
                ostFree += v[4];
            }
        }
        if (layout != TreeLayout.V2_11 && ostFiles > 0 && ostFree < sum[4]) {
            sum[3] = sum[3] - sum[4] + ostFree;
            sum[4] = ostFree;
        }
        return sum;
    }

    private static void add(long[] sum, long[] v) {
        for (int k = 0; k < 3; k++) {
            sum[k] += v[k];
        }
    }

    private static boolean statfsReadable(NodeCondition c) {
        return c != NodeCondition.INACTIVE && c != NodeCondition.DEACTIVATED && c != NodeCondition.CONNECTING;
    }

    /** The LOD line is INACTIVE exactly when statfs fails with ENOTCONN (lod_tgts_seq_show(), lproc_lod.c v2_15_0). */
    private boolean lodActive(String node) {
        return statfsReadable(condition(node));
    }

    private void writeOsp(FileSystemSpec fs, int mdt, String node) throws IOException {
        String device = ospDevice(node, mdt);
        String dir = "osp/" + device + "/";
        NodeCondition c = condition(node);
        int index = Integer.parseInt(node.substring(node.length() - 4), 16);
        int variant = linkContent ? index % 16 : index;
        boolean mdtTarget = isMdt(node);
        String[] chosen = nids.get(node);
        String nid = chosen != null ? chosen[0]
                : String.format(Locale.ROOT, "10.%d.%d.%d@o2ib", fsIndex(fs) % 250, (variant / 250) % 250, variant % 250);
        String failover = chosen != null ? chosen[1]
                : String.format(Locale.ROOT, "10.%d.%d.%d@o2ib", fsIndex(fs) % 250, (variant / 250) % 250 + 128, variant % 250);
        ProcRoot values = valuesRoot();
        if (!linkContent) {
            replace(values, dir + "uuid", mdtName(fs.name, mdt) + "-mdtlov_UUID\n");
            replace(values, dir + "blocksize", "4096\n");
            replace(values, dir + "maxage", "5\n");
            replace(values, dir + "ping", ""); // a read sends an OBD_PING and returns no bytes on success
        }
        writeSpace(values, dir, spaceOf(node, fs));
        replace(values, dir + "active", c == NodeCondition.DEACTIVATED ? "0\n" : "1\n");
        replace(values, dir + (mdtTarget ? "mdt_conn_uuid" : "ost_conn_uuid"), nid + "\n");
        if (!mdtTarget) {
            replace(values, dir + "prealloc_status", precreateErrors.getOrDefault(node, prealloc(c)) + "\n");
            if (!linkContent) {
                replace(values, dir + "max_create_count", "20000\n");
            }
        }
        if (values == ProcRoot.SYSFS && !mdtTarget && !linkContent) {
            Path link = path(ProcRoot.SYSFS, "osc/" + device);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, Path.of("../osp/" + device));
            }
        }
        if (debugfs || layout == TreeLayout.V2_11) {
            String state = importState(c);
            replace(importRoot(), dir + "import", importFile(device, node, state, c, nid, failover));
            replace(importRoot(), dir + "state", "current_state: " + state + "\nstate_history:\n - [ 1717000000, CONNECTING ]\n"
                    + " - [ 1717000000, " + state + " ]\n");
            replace(importRoot(), dir + (mdtTarget ? "mdt_server_uuid" : "ost_server_uuid"), node + "_UUID\t" + state
                    + (c == NodeCondition.DEACTIVATED ? "\tDEACTIVATED" : "") + "\n");
        }
    }

    private int fsIndex(FileSystemSpec fs) {
        return new ArrayList<>(fileSystems.keySet()).indexOf(fs.name);
    }

    private static int prealloc(NodeCondition c) {
        return switch (c) {
            case FULL, LOW_SPACE -> 0;
            case DISCONNECTED, INACTIVE -> -19;
            case CONNECTING -> -11;
            case DEACTIVATED -> -108;
        };
    }

    private static String importState(NodeCondition c) {
        return switch (c) {
            case FULL, LOW_SPACE, DEACTIVATED -> "FULL";
            case DISCONNECTED, INACTIVE -> "DISCONN";
            case CONNECTING -> "CONNECTING";
        };
    }

    /** kbytestotal, kbytesfree, kbytesavail, filestotal, filesfree of a node as its statfs gives them. */
    private long[] spaceOf(String node, FileSystemSpec fs) {
        int index = Integer.parseInt(node.substring(node.length() - 4), 16);
        int variant = linkContent ? index % 16 : index;
        boolean local = isMdt(node) && index < fs.localMdts;
        long total = local ? 1_073_741_824L / 1024 * 64 : 61_526_016L + 1024L * variant;
        int availPercent = condition(node) == NodeCondition.LOW_SPACE ? 2 : local ? 70 : 30 + (variant * 37) % 50;
        long avail = total * availPercent / 100;
        long files = local ? 3_932_160L + index : 3_932_160L + variant;
        int inodesPercent = freeInodes.getOrDefault(node, local ? 70 : 30 + (variant * 37) % 50);
        return new long[] {total, avail + total / 50, avail, files, 3_932_160L * inodesPercent / 100};
    }

    /** The dt statfs files: {@code "%llu\n"} each (kbytestotal_show() etc., lustre/obdclass/dt_object.c v2_15_0). */
    private void writeSpace(ProcRoot values, String dir, long[] v) throws IOException {
        replace(values, dir + "kbytestotal", v[0] + "\n");
        replace(values, dir + "kbytesfree", v[1] + "\n");
        replace(values, dir + "kbytesavail", v[2] + "\n");
        replace(values, dir + "filestotal", v[3] + "\n");
        replace(values, dir + "filesfree", v[4] + "\n");
    }

    /**
     * The import file of 2.12-2.15, or of 2.16 with quoted NIDs and nids_stats ({@code docs/lustre-facts.md} §5).
     */
    private String importFile(String device, String node, String state, NodeCondition c, String nid, String failover) {
        boolean deactive = c == NodeCondition.DEACTIVATED;
        // ptlrpc_deactivate_import_nolock() sets imp_invalid on an eviction and a deactivation alike
        // (lustre/ptlrpc/import.c v2_15_0); obd_import_flags2str() prints the flags in this order.
        boolean invalid = deactive || c == NodeCondition.INACTIVE;
        boolean quoted = layout == TreeLayout.V2_16;
        String q = quoted ? "\"" : "";
        StringBuilder s = new StringBuilder(1200)
                .append("import:\n")
                .append("    name: ").append(device).append('\n')
                .append("    target: ").append(node).append("_UUID\n")
                .append("    state: ").append(state).append('\n')
                .append("    connect_flags: [ lov_index, connect_from_mds, version, request_portal, adaptive_timeouts, "
                        + "lru_resize, fid_is_enabled, skip_orphan, full20, lvb_type, pingless, lfsck, bulk_mbits ]\n")
                .append("    connect_data:\n")
                .append("       flags: 0x2044401443000066\n")
                .append("       instance: 3\n")
                .append("       target_version: ").append(layout.version()).append(".0\n")
                .append("       mdt_index: 0\n")
                .append("       target_index: 0\n")
                .append("    import_flags: [ ").append(invalid ? "invalid, " : "").append(deactive ? "deactive, " : "")
                .append("replayable, pingable, connect_tried ]\n")
                .append("    connection:\n")
                .append("       failover_nids: [ ").append(q).append(nid).append(q).append(", ").append(q).append(failover).append(q).append(" ]\n");
        if (quoted) {
            s.append("       nids_stats:\n")
                    .append("          \"").append(nid).append("\": { connects: 1, replied: 1, uptodate: true, sec_ago: 5234 }\n")
                    .append("          \"").append(failover).append("\": { connects: 0, replied: 0, uptodate: false, sec_ago: never }\n");
        }
        return s.append("       current_connection: ").append(q).append(nid).append(q).append('\n')
                .append("       connection_attempts: 1\n")
                .append("       generation: 1\n")
                .append("       in-progress_invalidations: 0\n")
                .append("       idle: 4 sec\n")
                .append("    rpcs:\n")
                .append("       inflight: 0\n")
                .append("       unregistering: 0\n")
                .append("       timeouts: 0\n")
                .append("       avg_waittime: 812 usec\n")
                .append("    service_estimates:\n")
                .append("       services: 1 sec\n")
                .append("       network: 1 sec\n")
                .append("    transactions:\n")
                .append("       last_replay: 0\n")
                .append("       peer_committed: 0\n")
                .append("       last_checked: 0\n")
                .toString();
    }

    /** The filesystem of a node named {@code <fsname>-OST<hex>} or {@code <fsname>-MDT<hex>}, as Lustre names targets. */
    private FileSystemSpec fileSystemOf(String node) {
        int dash = node.lastIndexOf('-');
        FileSystemSpec fs = dash <= 0 ? null : fileSystems.get(node.substring(0, dash));
        if (fs == null || node.length() < dash + 5) {
            throw new IllegalArgumentException("no such node in the fixture: " + node);
        }
        int index;
        try {
            index = Integer.parseInt(node.substring(dash + 4), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no such node in the fixture: " + node, e);
        }
        String kind = node.substring(dash + 1, dash + 4);
        boolean known = kind.equals("OST") ? index < fs.osts && node.equals(ostName(fs.name, index))
                : kind.equals("MDT") && index < fs.mdts && node.equals(mdtName(fs.name, index));
        if (!known) {
            throw new IllegalArgumentException("no such node in the fixture: " + node);
        }
        return fs;
    }

    private static boolean isMdt(String node) {
        return node.regionMatches(node.length() - 7, "MDT", 0, 3);
    }

    // ---- writing files

    private Path path(ProcRoot tree, String relative) {
        return root.resolve(tree.relativePath()).resolve(relative);
    }

    /**
     * Writes a file so that a reader never sees it half-written: a new file renamed over the old one
     * (or, with linked content, a new link to the pooled file renamed over it).
     */
    private void replace(ProcRoot tree, String relative, String content) throws IOException {
        Path target = path(tree, relative);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        if (!written) {
            if (linkContent) {
                Files.deleteIfExists(target);
                Files.createLink(target, pooled(content));
            } else {
                Files.writeString(target, content, StandardCharsets.US_ASCII);
            }
            return;
        }
        Path temp = parent.resolve("." + target.getFileName() + ".new");
        Files.deleteIfExists(temp);
        if (linkContent) {
            Files.createLink(temp, pooled(content));
        } else {
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path pooled(String content) throws IOException {
        Path file = contentPool.get(content);
        if (file == null || linksTo.get(file) >= MAX_LINKS) {
            Path pool = root.resolve(".content");
            Files.createDirectories(pool);
            file = pool.resolve(Integer.toString(linksTo.size()));
            Files.writeString(file, content, StandardCharsets.US_ASCII);
            contentPool.put(content, file);
            linksTo.put(file, 0);
        }
        linksTo.merge(file, 1, Integer::sum);
        return file;
    }
}
