package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;

/**
 * Every file the tree writer writes, in every layout and every condition, matched against the printf
 * format Lustre prints it with. Each rule names the lustre-release file and tag of its format; a file
 * without a rule fails the test, so a new fixture file needs its source here.
 */
class FixtureFormatTest {
    @TempDir
    Path dir;

    private record Rule(Pattern pattern, String source) {
    }

    private static final String NUM = "\\d+\\n";
    private static final String STATES = "(CLOSED|NEW|DISCONN|CONNECTING|REPLAY|REPLAY_LOCKS|REPLAY_WAIT|RECOVER|FULL|EVICTED|IDLE)";

    private static Rule rule(String regex, String source) {
        return new Rule(Pattern.compile(regex), source);
    }

    /** Rules by file name. */
    private static final Map<String, Rule> BY_NAME = Map.ofEntries(
            Map.entry("health_check", rule("(healthy\\n|NOT HEALTHY\\n|LBUG\\n|(device \\S+ reported unhealthy\\n)*)",
                    "lustre/obdclass/obd_sysfs.c health_check_show(), health_check_seq_show() v2_15_0")),
            Map.entry("version", rule("\\d+\\.\\d+\\.\\d+\\n", "lustre/obdclass/obd_sysfs.c version_show() \"%s\\n\" v2_15_0")),
            Map.entry("kbytestotal", rule(NUM, "lustre/obdclass/dt_object.c kbytestotal_show() \"%llu\\n\" v2_15_0; lprocfs_dt_kbytestotal_seq_show() v2_11_0")),
            Map.entry("kbytesfree", rule(NUM, "lustre/obdclass/dt_object.c kbytesfree_show() \"%llu\\n\" v2_15_0")),
            Map.entry("kbytesavail", rule(NUM, "lustre/obdclass/dt_object.c kbytesavail_show() \"%llu\\n\" v2_15_0")),
            Map.entry("filestotal", rule(NUM, "lustre/obdclass/dt_object.c filestotal_show() \"%llu\\n\" v2_15_0")),
            Map.entry("filesfree", rule(NUM, "lustre/obdclass/dt_object.c filesfree_show() \"%llu\\n\" v2_15_0")),
            Map.entry("blocksize", rule(NUM, "lustre/obdclass/dt_object.c blocksize_show() \"%u\\n\" v2_15_0")),
            Map.entry("uuid", rule("\\S+_UUID\\n", "lustre/obdclass/dt_object.c uuid_show() \"%s\\n\" v2_15_0")),
            Map.entry("active", rule("[01]\\n", "lustre/osp/lproc_osp.c active_show() \"%d\\n\" of !imp_deactive v2_15_0")),
            Map.entry("prealloc_status", rule("-?\\d+\\n", "lustre/osp/lproc_osp.c prealloc_status_show() \"%d\\n\" v2_15_0")),
            Map.entry("ost_conn_uuid", rule("(\\S+@\\S+|<none>)\\n", "lustre/osp/lproc_osp.c osp_conn_uuid_show() \"%s\\n\" v2_15_0")),
            Map.entry("mdt_conn_uuid", rule("(\\S+@\\S+|<none>)\\n", "lustre/osp/lproc_osp.c osp_conn_uuid_show() \"%s\\n\" v2_15_0")),
            Map.entry("maxage", rule(NUM, "lustre/osp/lproc_osp.c maxage_show() \"%lld\\n\" v2_15_0")),
            Map.entry("max_create_count", rule(NUM, "lustre/osp/lproc_osp.c max_create_count_show() \"%d\\n\" v2_15_0")),
            Map.entry("ping", rule("", "lustre/osp/lproc_osp.c ping_show(): no bytes on success v2_15_0")),
            Map.entry("numobd", rule(NUM, "lustre/lod/lproc_lod.c __numobd_show() \"%u\\n\" v2_15_0")),
            Map.entry("activeobd", rule(NUM, "lustre/lod/lproc_lod.c __activeobd_show() \"%u\\n\" v2_15_0")),
            Map.entry("target_obd", rule("(\\d+: \\S+-OST[0-9a-f]{4}_UUID (IN)?ACTIVE\\n)*",
                    "lustre/lod/lproc_lod.c lod_tgts_seq_show() \"%d: %s %sACTIVE\\n\" v2_15_0; lod_osts_seq_show() v2_12_0")),
            Map.entry("mdt_obd", rule("(\\d+: \\S+-MDT[0-9a-f]{4}_UUID (IN)?ACTIVE\\n)*",
                    "lustre/lod/lproc_lod.c lod_tgts_seq_show() v2_15_0 (from v2_12_90)")),
            Map.entry("fstype", rule("(ldiskfs|zfs)\\n", "lustre/osd-ldiskfs/osd_lproc.c, lustre/osd-zfs/osd_lproc.c fstype_show() v2_15_0")),
            Map.entry("eviction_count", rule(NUM, "lustre/obdclass/lprocfs_status_server.c eviction_count_show() \"%u\\n\" v2_16_0")),
            Map.entry("num_exports", rule(NUM, "lustre/obdclass/lprocfs_status_server.c num_exports_show() \"%u\\n\" v2_15_0")),
            Map.entry("recovery_status", rule("status: INACTIVE\\n"
                    + "|status: COMPLETE\\nrecovery_start: \\d+\\nrecovery_duration: \\d+\\ncompleted_clients: \\d+/\\d+\\n"
                    + "replayed_requests: \\d+\\nlast_transno: \\d+\\nVBR: (ENABLED|DISABLED)\\nIR: (ENABLED|DISABLED)\\n"
                    + "|status: RECOVERING\\nrecovery_start: \\d+\\ntime_remaining: \\d+\\nconnected_clients: \\d+/\\d+\\n"
                    + "req_replay_clients: \\d+\\nlock_repay_clients: \\d+\\ncompleted_clients: \\d+\\nevicted_clients: \\d+\\n"
                    + "replayed_requests: \\d+\\nqueued_requests: \\d+\\nnext_transno: \\d+\\n",
                    "lustre/obdclass/lprocfs_status_server.c lprocfs_recovery_status_seq_show() v2_12_0, v2_15_0, v2_16_0")),
            Map.entry("state", rule("current_state: " + STATES + "\\nstate_history:\\n( - \\[ \\d+, " + STATES + " \\]\\n){0,16}",
                    "lustre/obdclass/lprocfs_status.c lprocfs_state_seq_show() v2_15_0")),
            Map.entry("ost_server_uuid", rule("\\S+-OST[0-9a-f]{4}_UUID\\t" + STATES + "(\\tDEACTIVATED)?\\n",
                    "lustre/obdclass/lprocfs_status.c lprocfs_server_uuid_seq_show() \"%s\\t%s%s\\n\" v2_15_0")),
            Map.entry("mdt_server_uuid", rule("\\S+-MDT[0-9a-f]{4}_UUID\\t" + STATES + "(\\tDEACTIVATED)?\\n",
                    "lustre/obdclass/lprocfs_status.c lprocfs_server_uuid_seq_show() v2_15_0")),
            Map.entry("filesystems", rule("(\\S+\\n)*", "lustre/mgs/lproc_mgs.c mgs_fs_seq_show() \"%.*s\\n\" v2_15_0")));

    private static final Rule MGS_LIVE = rule("fsname: (\\S+)\\nflags: 0x[0-9a-f]+     gen: \\d+\\n(\\1-MDT[0-9a-f]{4}\\n)*"
            + "(\\1-OST[0-9a-f]{4}\\n)*\\nSecure RPC Config Rules:\\n(\\S+=\\S+\\n)*\\nimperative_recovery_state:\\n"
            + "    state: \\S+\\n    nonir_clients: \\d+\\n    nidtbl_version: \\d+\\n"
            + "    notify_duration_total: \\d+\\.\\d{9}\\n    notify_duation_max: \\d+\\.\\d{9}\\n    notify_count: \\d+\\n",
            "lustre/mgs/lproc_mgs.c mgs_live_seq_show(), lustre/mgs/mgs_nids.c lprocfs_rd_ir_state() v2_15_0");

    /** import, with NIDs bare up to 2.15 and quoted with a nids_stats block in 2.16. */
    private static Rule importRule(boolean v216) {
        String nid = v216 ? "\"[^\"\\s]+\"" : "[^\\s,\"]+";
        return rule("import:\\n    name: \\S+\\n    target: \\S+_UUID\\n    state: " + STATES + "\\n"
                + "    connect_flags: \\[ [a-z0-9_]+(, [a-z0-9_]+)* \\]\\n"
                + "    connect_data:\\n       flags: 0x[0-9a-f]+\\n       instance: \\d+\\n"
                + "(       target_version: \\d+\\.\\d+\\.\\d+\\.\\d+\\n)?(       mdt_index: \\d+\\n)?(       target_index: \\d+\\n)?"
                + "    import_flags: \\[ [a-z_]+(, [a-z_]+)* \\]\\n"
                + "    connection:\\n       failover_nids: \\[ " + nid + "(, " + nid + ")* \\]\\n"
                + (v216 ? "       nids_stats:(\\n          " + nid + ": \\{ connects: \\d+, replied: \\d+, uptodate: (true|false), "
                        + "sec_ago: (\\d+|never) \\})*\\n" : "")
                + "       current_connection: (" + nid + "|" + (v216 ? "\"<none>\"" : "<none>") + ")\\n"
                + "       connection_attempts: \\d+\\n       generation: \\d+\\n       in-progress_invalidations: \\d+\\n"
                + "       idle: \\d+ sec\\n"
                + "(    rpcs:\\n       inflight: \\d+\\n       unregistering: \\d+\\n       timeouts: \\d+\\n"
                + "       avg_waittime: \\d+ \\S+\\n    service_estimates:\\n       services: \\d+ sec\\n"
                + "       network: \\d+ sec\\n    transactions:\\n       last_replay: \\d+\\n       peer_committed: \\d+\\n"
                + "       last_checked: \\d+\\n)?",
                "lustre/obdclass/lprocfs_status.c lprocfs_import_seq_show() v2_12_0, lprocfs_import_seq_show_locked() "
                        + (v216 ? "v2_16_0" : "v2_15_0") + ", obd_connect_data_seqprint()");
    }

    /** Every condition on OSTs and on the remote MDT, two local MDTs, a combined MGS, recovery in progress. */
    private LustreTreeWriter everything(Path root, TreeLayout layout, String backend) throws IOException {
        LustreTreeWriter f = LustreTreeWriter.at(root, layout).withDebugfs(true).withMgs().backend(backend)
                .fileSystem("lustre", 2, 1, NodeCondition.values().length).fileSystem("home", 1);
        int i = 0;
        for (NodeCondition c : NodeCondition.values()) {
            f.condition(LustreTreeWriter.ostName("lustre", i++), c);
        }
        f.condition(LustreTreeWriter.mdtName("lustre", 2), NodeCondition.DISCONNECTED);
        f.recovering(LustreTreeWriter.mdtName("lustre", 1), 3, 12, 1, 280);
        if (layout == TreeLayout.V2_16) {
            f.evictions(LustreTreeWriter.mdtName("lustre", 0), 7);
        }
        return f.write();
    }

    @ParameterizedTest
    @EnumSource(TreeLayout.class)
    void everyFileHasTheFormatLustrePrintsItWith(TreeLayout layout) throws IOException {
        int checked = 0;
        for (String backend : List.of("ldiskfs", "zfs")) {
            Path root = dir.resolve(layout.name() + "-" + backend);
            everything(root, layout, backend);
            Rule importRule = importRule(layout == TreeLayout.V2_16);
            List<String> wrong = new ArrayList<>();
            Map<String, Integer> byName = new TreeMap<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String relative = root.relativize(file).toString();
                    String name = file.getFileName().toString();
                    Rule rule = relative.contains("/mgs/MGS/live/") ? MGS_LIVE
                            : name.equals("import") ? importRule : BY_NAME.get(name);
                    if (rule == null) {
                        fail("no format rule (with its lustre-release source) for " + relative);
                    }
                    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                    if (!rule.pattern.matcher(text).matches()) {
                        wrong.add(relative + " does not match " + rule.source + ": " + text);
                    }
                    byName.merge(name, 1, Integer::sum);
                    checked++;
                }
            }
            assertEquals(List.of(), wrong);
            assertTrue(byName.containsKey("import") && byName.containsKey("recovery_status")
                    && byName.containsKey("target_obd"), "the tree has the multi-line files: " + byName);
        }
        assertTrue(checked > 100, "files checked: " + checked);
    }
}
