package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.kernellog.ConsoleMessageParser.Header;
import org.lustrecollector.kernellog.ConsoleMessageParser.Recognised;
import org.lustrecollector.kernellog.ConsoleMessageParser.Skipped;

/**
 * Each message in the wording of 2.12–2.15 (with console codes) and of 2.16 (without), as lustre-release
 * prints it: every case names the file and tag its format string was read from (paths relative to the
 * root of lustre-release; see docs/kernel-log.md and docs/lustre-facts.md sections 10 and 11).
 */
class ConsoleMessageParserTest {
    private static final String DEV = "lustre-OST0003-osc-MDT0000";
    private static final Header LUSTRE = new Header("Lustre", "");
    private static final Header LUSTRE_ERROR = new Header("LustreError", "");
    private final ConsoleMessageParser parser = new ConsoleMessageParser();

    private static Recognised recognised(ConsoleEvent event, String device, String text) {
        return new Recognised(event, device, LUSTRE_ERROR, text);
    }

    // lustre/ptlrpc/import.c ptlrpc_set_import_discon() v2_15_0 (LCONSOLE_WARN / LCONSOLE_ERROR_MSG(0x166)),
    // v2_16_0 (LCONSOLE_ERROR without the code).
    @Test
    void connectionLostReplayableAndNot() {
        String replayable = DEV + ": Connection to lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress operations "
                + "using this service will wait for recovery to complete";
        assertEquals(new Recognised(ConsoleEvent.CONNECTION_LOST, DEV, LUSTRE, replayable),
                parser.parse("Lustre: " + replayable));
        String failing = "MGC10.0.0.1@o2ib: Connection to MGS (at 10.0.0.1@o2ib) was lost; in progress operations "
                + "using this service will fail";
        Recognised expected = recognised(ConsoleEvent.CONNECTION_LOST, "MGC10.0.0.1@o2ib", failing);
        assertEquals(expected, parser.parse("LustreError: 166-1: " + failing));
        assertEquals(expected, parser.parse("LustreError: " + failing));
    }

    // lustre/ptlrpc/import.c ptlrpc_import_recovery_state_machine() v2_12_0, v2_15_0, v2_16_0.
    @Test
    void connectionRestoredWithUuidOrNid() {
        String text = DEV + ": Connection restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)";
        assertEquals(new Recognised(ConsoleEvent.CONNECTION_RESTORED, DEV, LUSTRE, text), parser.parse("Lustre: " + text));
        String uuid = DEV + ": Connection restored to lustre-OST0003_UUID (at 10.0.0.13@o2ib)";
        assertEquals(new Recognised(ConsoleEvent.CONNECTION_RESTORED, DEV, LUSTRE, uuid), parser.parse("Lustre: " + uuid));
    }

    // lustre/ptlrpc/client.c ptlrpc_check_status() v2_15_0 (11-0:), v2_16_0.
    @Test
    void operationFailed() {
        String text = DEV + ": operation ost_connect to node 10.0.0.13@o2ib failed: rc = -19";
        Recognised expected = recognised(ConsoleEvent.OPERATION_FAILED, DEV, text);
        assertEquals(expected, parser.parse("LustreError: 11-0: " + text));
        assertEquals(expected, parser.parse("LustreError: " + text));
    }

    // lustre/ptlrpc/import.c v2_15_0 (167-0:), v2_16_0.
    @Test
    void evicted() {
        String text = DEV + ": This client was evicted by lustre-OST0003; in progress operations using this service will fail.";
        Recognised expected = recognised(ConsoleEvent.EVICTED, DEV, text);
        assertEquals(expected, parser.parse("LustreError: 167-0: " + text));
        assertEquals(expected, parser.parse("LustreError: " + text));
    }

    // libcfs/include/libcfs/libcfs_private.h LASSERT, libcfs/libcfs/debug.c lbug_with_loc() v2_15_0.
    @Test
    void assertionAndLbugKeepTheirSourceLocation() {
        Header at = new Header("LustreError", "dcache.c:136:ll_ddelete()");
        assertEquals(new Recognised(ConsoleEvent.ASSERTION, "", at, "ASSERTION( d_count(de) == 1 ) failed:"),
                parser.parse("LustreError: 1246375:0:(dcache.c:136:ll_ddelete()) ASSERTION( d_count(de) == 1 ) failed: "));
        assertEquals(new Recognised(ConsoleEvent.LBUG, "", at, "LBUG"),
                parser.parse("LustreError: 1246375:0:(dcache.c:136:ll_ddelete()) LBUG"));
    }

    // lustre/obdclass/obd_sysfs.c health_check_show() v2_16_59: CERROR, so with a location; not in v2_16_1.
    @Test
    void unhealthyDeviceFrom2_16_59() {
        assertEquals(new Recognised(ConsoleEvent.UNHEALTHY, "lustre-MDT0000",
                        new Header("LustreError", "obd_sysfs.c:241:health_check_show()"), "lustre-MDT0000: device reported unhealthy"),
                parser.parse("LustreError: 2211:0:(obd_sysfs.c:241:health_check_show()) lustre-MDT0000: device reported unhealthy"));
    }

    /** Server-side messages of an MDS: the line, the event, the device its node and filesystem come from. */
    static Stream<Arguments> serverMessages() {
        return Stream.of(
                // lustre/ptlrpc/pinger.c ping_evictor_main() v2_12_0, v2_15_0, v2_16_0: LCONSOLE_WARN.
                Arguments.of("Lustre: lustre-MDT0000: haven't heard from client 8f1d2c4e-5b7a-4d36-9a0e-1f3c2b6d7e90 "
                        + "(at 10.0.0.41@o2ib) in 227 seconds. I think it's dead, and I am evicting it. exp 00000000dd0e4f8a, "
                        + "cur 1732681607 expire 1732681457 last 1732681380", ConsoleEvent.CLIENT_EVICTED, "lustre-MDT0000"),
                // lustre/ldlm/ldlm_lockd.c expired_lock_main() LDLM_ERROR v2_12_0 - v2_16_0; the " ns: %s" of
                // lustre/ldlm/ldlm_lock.c _ldlm_lock_debug() v2_15_0 is "mdt-" + the MDT's UUID
                // (lustre/mdt/mdt_handler.c v2_15_0): the target, not this host.
                Arguments.of("LustreError: 3921:0:(ldlm_lockd.c:256:expired_lock_main()) ### lock callback timer expired "
                        + "after 100s: evicting client at 10.0.0.42@o2ib  ns: mdt-my-fs-MDT0001_UUID lock: "
                        + "00000000c2a1b3d4/0x8e1f0b3a6c2d4e5f lrc: 3/0,0 mode: PR/PR res: [0x200000401:0x1:0x0].0x0 "
                        + "bits 0x13/0x0 rrc: 5 type: IBT gid 0 flags: 0x60200400000020 nid: 10.0.0.42@o2ib remote: "
                        + "0x9a2b3c4d5e6f7081 expref: 12 pid: 4123 timeout: 9150 lvb_type: 0",
                        ConsoleEvent.LOCK_CALLBACK_EVICTION, "my-fs-MDT0001_UUID"),
                // The MGS's namespace is "MGS" (lustre/mgs/mgs_handler.c v2_15_0).
                Arguments.of("LustreError: 3921:0:(ldlm_lockd.c:256:expired_lock_main()) ### lock callback timer expired "
                        + "after 100s: evicting client at 10.0.0.42@o2ib  ns: MGS lock: 00000000c2a1b3d4/0x8e1f0b3a6c2d4e5f",
                        ConsoleEvent.LOCK_CALLBACK_EVICTION, "MGS"),
                // lustre/ldlm/ldlm_lib.c v2_12_0, v2_15_0, v2_16_0: LCONSOLE_WARN / LCONSOLE_INFO.
                Arguments.of("Lustre: lustre-MDT0000: recovery is timed out, evict stale exports",
                        ConsoleEvent.RECOVERY_TIMED_OUT, "lustre-MDT0000"),
                Arguments.of("Lustre: lustre-MDT0000: Recovery over after 5:01, of 24 clients 22 recovered and 2 were evicted.",
                        ConsoleEvent.RECOVERY_OVER_WITH_EVICTIONS, "lustre-MDT0000"),
                Arguments.of("Lustre: lustre-MDT0000: Recovery over after 5:00, of 8 clients 7 recovered and 1 was evicted.",
                        ConsoleEvent.RECOVERY_OVER_WITH_EVICTIONS, "lustre-MDT0000"),
                Arguments.of("Lustre: lustre-MDT0000: Recovery over after 0:42, of 8 clients 8 recovered and 0 were evicted.",
                        ConsoleEvent.RECOVERY_OVER, "lustre-MDT0000"),
                Arguments.of("Lustre: lustre-MDT0000: Denying connection for new client 3c1d5b9c-1e2a-4bd6-a0d3-c2e1f0a9b8c7 "
                        + "(at 10.0.0.51@o2ib), waiting for 24 known clients (20 recovered, 2 in progress, and 0 evicted) "
                        + "to recover in 4:51", ConsoleEvent.NEW_CLIENT_DENIED, "lustre-MDT0000"),
                Arguments.of("Lustre: lustre-MDT0000: Denying connection for new client 3c1d5b9c-1e2a-4bd6-a0d3-c2e1f0a9b8c7 "
                        + "(at 10.0.0.51@o2ib), waiting for 24 known clients (22 recovered, 0 in progress, and 2 evicted) "
                        + "already passed deadline 0:05", ConsoleEvent.NEW_CLIENT_DENIED_PAST_DEADLINE, "lustre-MDT0000"),
                // v2_12_0 prints "%s(at %s)" without the space.
                Arguments.of("Lustre: work-MDT0000: Denying connection for new client 5e0a9c1b-77d2-4f31-b6e8-0c2d4a6f8e19(at "
                        + "10.1.0.44@o2ib), waiting for 130 known clients (128 recovered, 1 in progress, and 0 evicted) to "
                        + "recover in 2:13", ConsoleEvent.NEW_CLIENT_DENIED, "work-MDT0000"),
                // libcfs/libcfs/watchdog.c v2_12_0, v2_12_9: libcfs is LNet's subsystem, so "LNet: ".
                Arguments.of("LNet: Service thread pid 23412 was inactive for 200.39s. The thread might be hung, or it "
                        + "might only be slow and will resume later. Dumping the stack trace for debugging purposes:",
                        ConsoleEvent.SERVICE_THREAD_INACTIVE, ""),
                Arguments.of("LNet: Service thread pid 23415 was inactive for 208.12s. Watchdog stack traces are limited to "
                        + "3 per 300 seconds, skipping this one.", ConsoleEvent.SERVICE_THREAD_INACTIVE, ""),
                // lustre/ptlrpc/service.c ptlrpc_watchdog_fire() v2_13_0, v2_15_0, v2_16_0: "%s" is the thread's name.
                Arguments.of("Lustre: mdt00_014: service thread pid 5123 was inactive for 200.117 seconds. The thread might "
                        + "be hung, or it might only be slow and will resume later. Dumping the stack trace for debugging "
                        + "purposes:", ConsoleEvent.SERVICE_THREAD_INACTIVE, ""),
                Arguments.of("Lustre: mdt00_021: service thread pid 5131 was inactive for 212.230 seconds. Watchdog stack "
                        + "traces are limited to 3 per 300 seconds, skipping this one.", ConsoleEvent.SERVICE_THREAD_INACTIVE, ""),
                // lustre/ptlrpc/service.c ptlrpc_at_check_timed() v2_12_0, v2_15_0 and v2_16_0: "%s" is the service.
                Arguments.of("Lustre: mdt: This server is not able to keep up with request traffic (cpu-bound).",
                        ConsoleEvent.SERVICE_OVERLOADED, ""),
                Arguments.of("Lustre: 'mdt_readpage' is processing requests too slowly, client may timeout. Late by 6s, "
                        + "missed 4 early replies (reqs waiting=37 active=16, at_estimate=41, delay=6211ms)",
                        ConsoleEvent.SERVICE_OVERLOADED, ""));
    }

    @ParameterizedTest
    @MethodSource("serverMessages")
    void serverSideMessagesOfAnMds(String line, ConsoleEvent event, String device) {
        Recognised recognised = (Recognised) parser.parse(line);
        assertEquals(event, recognised.event());
        assertEquals(device, recognised.device());
    }

    /** LNetError lines: the peer they name (NID, or the address of a refused connection), else none. */
    static Stream<Arguments> lnetErrors() {
        return Stream.of(
                // lnet/klnds/o2iblnd/o2iblnd_cb.c kiblnd_check_conns() v2_15_0, v2_16_0.
                Arguments.of("LNetError: 3871:0:(o2iblnd_cb.c:3439:kiblnd_check_conns()) Timed out RDMA with 10.0.0.31@o2ib "
                        + "(52): c: 0, oc: 0, rc: 8", "10.0.0.31@o2ib", "Timed out RDMA with 10.0.0.31@o2ib (52): c: 0, oc: 0, rc: 8"),
                // kiblnd_check_txs_locked(): v2_15_0 - v2_15_8 "%s(WSQ:%d%d%d)", v2_12_0 and v2_16_0 without.
                Arguments.of("LNetError: 3871:0:(o2iblnd_cb.c:3370:kiblnd_check_txs_locked()) Timed out tx: "
                        + "active_txs(WSQ:100), 51 seconds", "", "Timed out tx: active_txs(WSQ:100), 51 seconds"),
                Arguments.of("LNetError: 2871:0:(o2iblnd_cb.c:3567:kiblnd_check_txs_locked()) Timed out tx: active_txs, "
                        + "51 seconds", "", "Timed out tx: active_txs, 51 seconds"),
                // lnet/klnds/socklnd/socklnd_cb.c v2_16_0 (CNETERR: on the console only with neterror in printk).
                Arguments.of("LNetError: A connection with 192.168.20.14@tcp (192.168.20.14:988) was reset; it may "
                        + "have rebooted.", "192.168.20.14@tcp",
                        "A connection with 192.168.20.14@tcp (192.168.20.14:988) was reset; it may have rebooted."),
                // lnet/lnet/acceptor.c v2_15_0 (LCONSOLE_ERROR_MSG(0x120)), v2_16_0: the NID is this host's own.
                Arguments.of("LNetError: 120-3: Refusing connection from 10.0.0.77 for 10.0.0.2@tcp: No matching NI",
                        "10.0.0.77", "Refusing connection from 10.0.0.77 for 10.0.0.2@tcp: No matching NI"),
                Arguments.of("LNetError: Refusing connection from 192.168.20.77 for 192.168.20.3@tcp: No matching NI",
                        "192.168.20.77", "Refusing connection from 192.168.20.77 for 192.168.20.3@tcp: No matching NI"));
    }

    @ParameterizedTest
    @MethodSource("lnetErrors")
    void lnetErrorsNameThePeer(String line, String peer, String text) {
        Recognised recognised = (Recognised) parser.parse(line);
        assertEquals(ConsoleEvent.LNET_ERROR, recognised.event());
        assertEquals(peer, recognised.device());
        assertEquals(text, recognised.text());
    }

    // ldiskfs is the kernel's ext4 with s/EXT4/LDISKFS/ (ldiskfs/autoMakefile.am v2_15_0); the wording is
    // the kernel's fs/ext4/super.c (__ext4_error, ext4_handle_error, __ext4_warning), not lustre-release.
    @Test
    void ldiskfsErrorsReadOnlyRemountsAndWarnings() {
        Header ldiskfs = new Header("LDISKFS-fs", "");
        String error = "LDISKFS-fs error (device dm-3): ldiskfs_lookup:1851: inode #2621441: comm mdt00_003: deleted "
                + "inode referenced: 2621502";
        assertEquals(new Recognised(ConsoleEvent.LDISKFS_ERROR, "", ldiskfs, error), parser.parse(error));
        String readOnly = "LDISKFS-fs (dm-3): Remounting filesystem read-only";
        assertEquals(new Recognised(ConsoleEvent.LDISKFS_READ_ONLY, "", ldiskfs, readOnly), parser.parse(readOnly));
        String warning = "LDISKFS-fs warning (device sdb): ldiskfs_dx_add_entry:2461: Directory (ino: 12) index full, "
                + "reach max htree level :2";
        assertEquals(new Recognised(ConsoleEvent.LDISKFS_WARNING, "", ldiskfs, warning), parser.parse(warning));
        assertEquals(ConsoleMessageParser.Uninteresting.LINE, parser.parse("LDISKFS-fs (dm-3): mounted filesystem with "
                + "ordered data mode. Opts: user_xattr,errors=remount-ro,no_mbcache,nodelalloc"));
    }

    // lustre/osp/osp_precreate.c v2_15_3 (CERROR); lnet/lnet/acceptor.c; lustre/ldlm/ldlm_lib.c v2_15_0 (137-5:);
    // lustre/mgc/mgc_request.c v2_15_0 (13a-8:).
    @Test
    void otherErrorsNameTheirDeviceWhenTheyStartWithOne() {
        assertEquals(new Recognised(ConsoleEvent.OTHER_ERROR, DEV, new Header("LustreError", "osp_precreate.c:676:osp_precreate_send()"),
                        DEV + ": can't precreate: rc = -28"),
                parser.parse("LustreError: 6034:0:(osp_precreate.c:676:osp_precreate_send()) " + DEV + ": can't precreate: rc = -28"));
        String noTarget = "lustre-OST0007_UUID: not available for connect from 10.0.0.21@o2ib (no target).";
        assertEquals(recognised(ConsoleEvent.OTHER_ERROR, "lustre-OST0007_UUID", noTarget),
                parser.parse("LustreError: 137-5: " + noTarget));
        String noDevice = "Failed to get MGS log lustre-MDT0000 and no local copy.";
        assertEquals(recognised(ConsoleEvent.OTHER_ERROR, "", noDevice), parser.parse("LustreError: 13a-8: " + noDevice));
    }

    // libcfs/libcfs/tracefile.c libcfs_debug_msg() v2_15_0: the Skipped line has its message's header.
    @Test
    void skippedCountsKeepTheirHeader() {
        assertEquals(new Skipped(3, LUSTRE_ERROR), parser.parse("LustreError: Skipped 3 previous similar messages"));
        assertEquals(new Skipped(1, LUSTRE), parser.parse("Lustre: Skipped 1 previous similar message"));
        assertEquals(new Skipped(11, new Header("LustreError", "osp_precreate.c:676:osp_precreate_send()")),
                parser.parse("LustreError: 6034:0:(osp_precreate.c:676:osp_precreate_send()) Skipped 11 previous similar messages"));
        assertEquals(new Skipped(4, new Header("LNetError", "o2iblnd_cb.c:3439:kiblnd_check_conns()")),
                parser.parse("LNetError: 3871:0:(o2iblnd_cb.c:3439:kiblnd_check_conns()) Skipped 4 previous similar messages"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // lustre/obdclass/class_obd.c v2_15_3 (LCONSOLE_INFO).
        "Lustre: Lustre: Build Version: 2.15.3",
        // lustre/obdclass/obd_mount_server.c v2_15_3.
        "Lustre: lustre-MDT0000: Imperative Recovery not enabled, recovery window 300-900",
        // lustre/obdclass/genops.c class_disconnect_stale_exports() v2_15_3.
        "Lustre: lustre-MDT0000: disconnecting 2 stale clients",
        // lustre/ptlrpc/client.c ptlrpc_expire_one_request() v2_15_3 (DEBUG_REQ with D_WARNING).
        "Lustre: 4123:0:(client.c:2289:ptlrpc_expire_one_request()) @@@ Request sent has timed out for slow reply",
        // lustre/ptlrpc/service.c ptlrpc_at_check_timed() v2_15_3 (CWARN after the overload message).
        "Lustre: 3310:0:(service.c:1611:ptlrpc_at_check_timed()) earlyQ=5 reqQ=0 recA=3, svcEst=31, delay=8123ms",
        // libcfs/libcfs/libcfs_cpu.c v2_15_3 (LCONSOLE(0, …)).
        "LNet: HW NUMA nodes: 2, HW CPU cores: 32, npartitions: 2",
        // lnet/klnds/o2iblnd/o2iblnd_cb.c v2_15_0 (CWARN).
        "LNet: 3871:0:(o2iblnd_cb.c:3398:kiblnd_check_conns()) Timed out tx for 10.0.0.31@o2ib: 4 seconds",
    })
    void otherLustreAndLnetMessagesMakeNoTrap(String message) {
        assertEquals(ConsoleMessageParser.Uninteresting.LINE, parser.parse(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pid: 1246375, comm: su", "Kernel panic - not syncing: LBUG", "LustreErrors: x", "lustre: x", "",
        "Aborting journal on device dm-3-8.", "LDISKFS-fsck: x"})
    void otherKernelMessagesAreNotConsoleMessages(String message) {
        assertEquals(ConsoleMessageParser.NotConsole.LINE, parser.parse(message));
    }
}
