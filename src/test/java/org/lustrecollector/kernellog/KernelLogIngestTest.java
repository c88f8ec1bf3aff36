package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lustrecollector.api.Category.CRITICAL;
import static org.lustrecollector.api.Category.FATAL;
import static org.lustrecollector.api.Category.INFO;
import static org.lustrecollector.api.Category.WARNING;
import static org.lustrecollector.kernellog.KernelLogFixture.bootPlus;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.Trap;

/** Realistic captures of every form, through the real file reader, into a real store. */
class KernelLogIngestTest {
    @TempDir
    Path dir;

    /** A trap without its id, which is a hash and checked on its own. */
    record Seen(Category category, String fsName, String node, long time, String message) {
        static Seen of(Trap t) {
            return new Seen(t.category(), t.fsName(), t.node(), t.time(), t.message());
        }
    }

    private static List<Seen> seen(List<Trap> traps) {
        return traps.stream().map(Seen::of).toList();
    }

    /** What a trap's message ends with when Lustre suppressed {@code n} messages of its call site before it. */
    private static String suppressed(long n) {
        return " (" + n + " similar messages from the same source were suppressed before this one)";
    }

    private static long utc(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void dmesgOf215() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "dmesg-2.15.log");
        assertEquals(List.of(
                new Seen(CRITICAL, "lustre", "lustre-OST0003", bootPlus(8213), "lustre-OST0003-osc-MDT0000: Connection to "
                        + "lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress operations using this service will "
                        + "wait for recovery to complete"),
                new Seen(WARNING, "lustre", "lustre-OST0003", bootPlus(8219), "lustre-OST0003-osc-MDT0000: operation "
                        + "ost_connect to node 10.0.0.13@o2ib failed: rc = -19" + suppressed(3)),
                new Seen(INFO, "lustre", "lustre-OST0003", bootPlus(8244), "lustre-OST0003-osc-MDT0000: Connection "
                        + "restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)"),
                new Seen(CRITICAL, "lustre", "lustre-OST0005", bootPlus(8301), "lustre-OST0005-osc-MDT0000: This client "
                        + "was evicted by lustre-OST0005; in progress operations using this service will fail."),
                new Seen(WARNING, "lustre", "lustre-OST0007", bootPlus(8302), "lustre-OST0007_UUID: not available for "
                        + "connect from 10.0.0.21@o2ib (no target). If you are running an HA pair check that the target "
                        + "is mounted on the other server."),
                new Seen(WARNING, "", KernelLogFixture.HOST, bootPlus(8302), "Timed out tx: active_txs(WSQ:100), 51 seconds "
                        + "(at o2iblnd_cb.c:3370:kiblnd_check_txs_locked())"),
                new Seen(WARNING, "", "10.0.0.31@o2ib", bootPlus(8302), "Timed out RDMA with 10.0.0.31@o2ib (52): c: 0, oc: 0, "
                        + "rc: 8 (at o2iblnd_cb.c:3439:kiblnd_check_conns())" + suppressed(4)),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(8315), "lustre-MDT0000: haven't heard from client "
                        + "8f1d2c4e-5b7a-4d36-9a0e-1f3c2b6d7e90 (at 10.0.0.41@o2ib) in 227 seconds. I think it's dead, and I am "
                        + "evicting it. exp 00000000dd0e4f8a, cur 1732681607 expire 1732681457 last 1732681380"),
                new Seen(WARNING, "lustre", "lustre-OST0004", bootPlus(8400), "lustre-OST0004-osc-MDT0000: can't "
                        + "precreate: rc = -28 (at osp_precreate.c:676:osp_precreate_send())" + suppressed(11)),
                new Seen(CRITICAL, "", "MGC10.0.0.1@o2ib", bootPlus(8412), "MGC10.0.0.1@o2ib: Connection to MGS (at "
                        + "10.0.0.1@o2ib) was lost; in progress operations using this service will fail")),
                seen(log.read()));
        SourceStatus status = log.source.status();
        assertEquals(0, status.malformed());
        // Linux version, the LNet CPU notice, Build Version, Imperative Recovery and the request timeout.
        assertEquals(5, status.ignored());
        assertTrue(status.readable());
    }

    @Test
    void syslogOf216() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "syslog-2.16.log");
        assertEquals(List.of(
                new Seen(CRITICAL, "scratch", "scratch-OST0010", utc("2025-03-03T02:14:51Z"), "scratch-OST0010-osc-MDT0001: "
                        + "Connection to scratch-OST0010 (at 192.168.20.14@tcp) was lost; in progress operations using "
                        + "this service will wait for recovery to complete" + suppressed(7)),
                new Seen(WARNING, "scratch", "scratch-OST0010", utc("2025-03-03T02:14:58Z"), "scratch-OST0010-osc-MDT0001: "
                        + "operation ost_statfs to node 192.168.20.14@tcp failed: rc = -107"),
                new Seen(CRITICAL, "scratch", "scratch-MDT0002", utc("2025-03-03T02:15:02Z"), "scratch-MDT0002-osp-MDT0001: "
                        + "Connection to scratch-MDT0002 (at 192.168.20.4@tcp) was lost; in progress operations using "
                        + "this service will wait for recovery to complete"),
                new Seen(CRITICAL, "scratch", "scratch-MDT0000", utc("2025-03-03T02:15:40Z"), "scratch-MDT0000-mdc-"
                        + "ffff9b2f4c1e8000: This client was evicted by scratch-MDT0000; in progress operations using "
                        + "this service will fail."),
                new Seen(INFO, "scratch", "scratch-OST0010", utc("2025-03-03T02:16:30Z"), "scratch-OST0010-osc-MDT0001: "
                        + "Connection restored to 192.168.20.14@tcp (at 192.168.20.14@tcp)" + suppressed(7)),
                new Seen(INFO, "scratch", "scratch-MDT0001", utc("2025-03-03T02:18:44Z"), "scratch-MDT0001: Recovery over "
                        + "after 1:12, of 24 clients 24 recovered and 0 were evicted."),
                new Seen(WARNING, "", "mds2", utc("2025-03-03T02:20:00Z"), "'mdt_readpage' is processing requests too "
                        + "slowly, client may timeout. Late by 6s, missed 4 early replies (reqs waiting=37 active=16, "
                        + "at_estimate=41, delay=6211ms)"),
                new Seen(CRITICAL, "", "MGC192.168.20.2@tcp", utc("2025-03-03T02:21:09Z"), "MGC192.168.20.2@tcp: "
                        + "Connection to MGS (at 192.168.20.2@tcp) was lost; in progress operations using this service "
                        + "will fail"),
                new Seen(WARNING, "", "mds2", utc("2025-03-03T02:22:15Z"),
                        "Failed to get MGS log scratch-MDT0001 and no local copy.")),
                seen(log.read()));
        // The pacemaker line.
        assertEquals(1, log.source.status().ignored());
    }

    /**
     * Recovery, client evictions, hung and overloaded services and a backend failure on a 2.15.3 MDS; every
     * line's lustre-release file is cited in ConsoleMessageParserTest and docs/kernel-log.md.
     */
    @Test
    void serverEventsOf215() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "mds-events-2.15.log");
        String host = KernelLogFixture.HOST;
        assertEquals(List.of(
                new Seen(INFO, "lustre", "lustre-MDT0000", bootPlus(130), "lustre-MDT0000: Denying connection for new "
                        + "client 3c1d5b9c-1e2a-4bd6-a0d3-c2e1f0a9b8c7 (at 10.0.0.51@o2ib), waiting for 24 known clients (20 "
                        + "recovered, 2 in progress, and 0 evicted) to recover in 4:51"),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(425), "lustre-MDT0000: recovery is timed out, evict "
                        + "stale exports"),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(425), "lustre-MDT0000: Denying connection for new "
                        + "client 3c1d5b9c-1e2a-4bd6-a0d3-c2e1f0a9b8c7 (at 10.0.0.51@o2ib), waiting for 24 known clients (22 "
                        + "recovered, 0 in progress, and 2 evicted) already passed deadline 0:05"),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(431), "lustre-MDT0000: Recovery over after 5:01, of "
                        + "24 clients 22 recovered and 2 were evicted."),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(9001), "lustre-MDT0000: haven't heard from client "
                        + "8f1d2c4e-5b7a-4d36-9a0e-1f3c2b6d7e90 (at 10.0.0.41@o2ib) in 227 seconds. I think it's dead, and I am "
                        + "evicting it. exp 00000000dd0e4f8a, cur 1732681607 expire 1732681457 last 1732681380"),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(9050), "### lock callback timer expired after 100s: "
                        + "evicting client at 10.0.0.42@o2ib  ns: mdt-lustre-MDT0000_UUID lock: 00000000c2a1b3d4/"
                        + "0x8e1f0b3a6c2d4e5f lrc: 3/0,0 mode: PR/PR res: [0x200000401:0x1:0x0].0x0 bits 0x13/0x0 rrc: 5 "
                        + "type: IBT gid 0 flags: 0x60200400000020 nid: 10.0.0.42@o2ib remote: 0x9a2b3c4d5e6f7081 expref: "
                        + "12 pid: 4123 timeout: 9150 lvb_type: 0 (at ldlm_lockd.c:256:expired_lock_main())" + suppressed(2)),
                new Seen(WARNING, "", host, bootPlus(9800), "mdt00_014: service thread pid 5123 was inactive for 200.117 "
                        + "seconds. The thread might be hung, or it might only be slow and will resume later. Dumping the "
                        + "stack trace for debugging purposes:"),
                new Seen(WARNING, "", host, bootPlus(9812), "mdt00_021: service thread pid 5131 was inactive for 212.230 "
                        + "seconds. Watchdog stack traces are limited to 3 per 300 seconds, skipping this one."),
                new Seen(WARNING, "", host, bootPlus(9830), "mdt: This server is not able to keep up with request traffic "
                        + "(cpu-bound)."),
                new Seen(CRITICAL, "", host, bootPlus(10400), "LDISKFS-fs error (device dm-3): ldiskfs_lookup:1851: inode "
                        + "#2621441: comm mdt00_003: deleted inode referenced: 2621502"),
                new Seen(CRITICAL, "", host, bootPlus(10400), "LDISKFS-fs (dm-3): Remounting filesystem read-only"),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(10400), "lustre-MDT0000: failed to stop transaction: "
                        + "rc = -30 (at osd_handler.c:2094:osd_trans_stop())")),
                seen(log.read()));
        // Build Version, Imperative Recovery, "disconnecting 2 stale clients", the stack dump (4 lines), the
        // CWARN after the overload message and jbd2's "Aborting journal".
        assertEquals(9, log.source.status().ignored());
        assertEquals(0, log.source.status().malformed());
    }

    @Test
    void serverEventsOf216() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "mds-events-2.16.log");
        assertEquals(List.of(
                new Seen(WARNING, "scratch", "scratch-MDT0001", utc("2025-03-03T01:30:00Z"), "scratch-MDT0001: recovery is "
                        + "timed out, evict stale exports"),
                new Seen(WARNING, "scratch", "scratch-MDT0001", utc("2025-03-03T01:30:00Z"), "scratch-MDT0001: Recovery over "
                        + "after 5:00, of 8 clients 7 recovered and 1 was evicted."),
                new Seen(INFO, "scratch", "scratch-MDT0001", utc("2025-03-03T01:31:10Z"), "scratch-MDT0001: Recovery over "
                        + "after 0:42, of 8 clients 8 recovered and 0 were evicted."),
                new Seen(WARNING, "scratch", "scratch-MDT0001", utc("2025-03-03T02:12:44Z"), "scratch-MDT0001: haven't heard "
                        + "from client 2b7e9f10-44c3-4e2a-8d51-6a0c9e3f7b12 (at 192.168.20.61@tcp) in 231 seconds. I think "
                        + "it's dead, and I am evicting it. exp 0000000071c4d2e3, cur 1740967964 expire 1740967814 last "
                        + "1740967733" + suppressed(3)),
                new Seen(WARNING, "scratch", "scratch-MDT0001", utc("2025-03-03T02:14:02Z"), "### lock callback timer expired "
                        + "after 101s: evicting client at 192.168.20.62@tcp  ns: mdt-scratch-MDT0001_UUID lock: "
                        + "000000009e1f2a3b/0x5c3d2e1f0a9b8c7d lrc: 3/0,0 mode: CR/CR res: [0x240000401:0x2:0x0].0x0 bits "
                        + "0x9/0x0 rrc: 3 type: IBT gid 0 flags: 0x60200000000020 nid: 192.168.20.62@tcp remote: "
                        + "0x1f2e3d4c5b6a7988 expref: 9 pid: 4410 timeout: 3520 lvb_type: 0 (at "
                        + "ldlm_lockd.c:238:expired_lock_main())"),
                new Seen(WARNING, "", "mds2", utc("2025-03-03T02:20:31Z"), "mdt_rdpg00_003: service thread pid 6120 was "
                        + "inactive for 40.516 seconds. The thread might be hung, or it might only be slow and will resume "
                        + "later. Dumping the stack trace for debugging purposes:"),
                new Seen(WARNING, "", "192.168.20.77", utc("2025-03-03T02:20:35Z"), "Refusing connection from 192.168.20.77 "
                        + "for 192.168.20.3@tcp: No matching NI"),
                new Seen(WARNING, "", "10.10.0.31@o2ib", utc("2025-03-03T02:21:00Z"), "Timed out RDMA with 10.10.0.31@o2ib "
                        + "(52): c: 0, oc: 0, rc: 8 (at o2iblnd_cb.c:3652:kiblnd_check_conns())" + suppressed(4)),
                new Seen(WARNING, "", "mds2", utc("2025-03-03T02:21:02Z"), "Timed out tx: active_txs, 51 seconds (at "
                        + "o2iblnd_cb.c:3567:kiblnd_check_txs_locked())")),
                seen(log.read()));
        // The stack dump's Pid line and systemd's line.
        assertEquals(2, log.source.status().ignored());
    }

    /** A June line read in March (the fixture's clock) is of last year. */
    @Test
    void serverEventsOf212() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "mds-events-2.12.log");
        assertEquals(List.of(
                new Seen(WARNING, "", "mds3", utc("2024-06-12T03:10:44Z"), "Service thread pid 23412 was inactive for 200.39s. "
                        + "The thread might be hung, or it might only be slow and will resume later. Dumping the stack trace "
                        + "for debugging purposes:"),
                new Seen(WARNING, "", "mds3", utc("2024-06-12T03:10:52Z"), "Service thread pid 23415 was inactive for 208.12s. "
                        + "Watchdog stack traces are limited to 3 per 300 seconds, skipping this one."),
                new Seen(WARNING, "", "mds3", utc("2024-06-12T03:11:30Z"), "mdt: This server is not able to keep up with "
                        + "request traffic (cpu-bound)."),
                new Seen(INFO, "work", "work-MDT0000", utc("2024-06-12T03:12:05Z"), "work-MDT0000: Denying connection for new "
                        + "client 5e0a9c1b-77d2-4f31-b6e8-0c2d4a6f8e19(at 10.1.0.44@o2ib), waiting for 130 known clients (128 "
                        + "recovered, 1 in progress, and 0 evicted) to recover in 2:13"),
                new Seen(WARNING, "work", "work-OST0004", utc("2024-06-12T03:13:00Z"), "work-OST0004-osc-MDT0000: operation "
                        + "ost_connect to node 10.1.0.14@o2ib failed: rc = -16")),
                seen(log.read()));
    }

    @Test
    void dmesgHumanReadableStampsAreLocalTime() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "dmesg-T.log");
        assertEquals(List.of(
                new Seen(CRITICAL, "lustre", "lustre-OST0003", utc("2023-10-06T11:33:01Z"), "lustre-OST0003-osc-MDT0000: "
                        + "Connection to lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress operations using this "
                        + "service will wait for recovery to complete"),
                new Seen(WARNING, "lustre", "lustre-OST0003", utc("2023-10-06T11:33:07Z"), "lustre-OST0003-osc-MDT0000: "
                        + "operation ost_connect to node 10.0.0.13@o2ib failed: rc = -19" + suppressed(3)),
                new Seen(INFO, "lustre", "lustre-OST0003", utc("2023-10-16T09:05:44Z"), "lustre-OST0003-osc-MDT0000: "
                        + "Connection restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)")),
                seen(log.read()));
        assertEquals(0, log.source.status().malformed());
    }

    @Test
    void syslogWithTheKernelsOwnStampsUsesTheSyslogTime() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "syslog-2.15-printk-stamps.log");
        List<Trap> traps = log.read();
        assertEquals(List.of(CRITICAL, WARNING, INFO), traps.stream().map(Trap::category).toList());
        assertEquals(List.of(utc("2024-11-27T04:25:04Z"), utc("2024-11-27T04:25:10Z"), utc("2024-11-27T04:27:00Z")),
                traps.stream().map(Trap::time).toList());
        assertTrue(traps.stream().allMatch(t -> t.node().equals("lustre-OST0001") && t.fsName().equals("lustre")));
    }

    @Test
    void isoAndRfc5424Forms() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "iso-forms.log");
        assertEquals(List.of(
                new Seen(CRITICAL, "lustre", "lustre-OST0002", utc("2024-11-27T03:25:04Z"), "lustre-OST0002-osc-MDT0000: "
                        + "Connection to lustre-OST0002 (at 10.0.0.12@o2ib) was lost; in progress operations using this "
                        + "service will wait for recovery to complete"),
                new Seen(WARNING, "lustre", "lustre-OST0002", utc("2024-11-27T03:25:09Z"), "lustre-OST0002-osc-MDT0000: "
                        + "operation ost_connect to node 10.0.0.12@o2ib failed: rc = -19"),
                new Seen(CRITICAL, "lustre", "lustre-OST0002", utc("2024-11-27T03:25:40Z"), "lustre-OST0002-osc-MDT0000: "
                        + "This client was evicted by lustre-OST0002; in progress operations using this service will fail."),
                new Seen(INFO, "lustre", "lustre-OST0002", utc("2024-11-27T03:26:02Z"), "lustre-OST0002-osc-MDT0000: "
                        + "Connection restored to 10.0.0.12@o2ib (at 10.0.0.12@o2ib)")),
                seen(log.read()));
    }

    @Test
    void anAssertionAndItsLbugAreOneFatalTrapOfThisHost() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "lbug.log");
        assertEquals(List.of(
                new Seen(FATAL, "", KernelLogFixture.HOST, bootPlus(75439),
                        "ASSERTION( d_count(de) == 1 ) failed; LBUG (at dcache.c:136:ll_ddelete())"),
                new Seen(WARNING, "lustre", "lustre-MDT0000", bootPlus(75501), "lustre-MDT0000: failed to stop "
                        + "transaction: rc = -5 (at osd_handler.c:2209:osd_trans_stop())"),
                new Seen(FATAL, "", KernelLogFixture.HOST, bootPlus(75501), "LBUG (at ldlm_lock.c:213:ldlm_lock_put())")),
                seen(log.read()));
        assertEquals(0, log.source.status().malformed());
    }

    @Test
    void skippedAfterAMessageThatMadeNoTrapChangesNothing() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append("[ 100.000001] Lustre: lustre-OST0001-osc-MDT0000: Connection restored to 10.0.0.11@o2ib (at 10.0.0.11@o2ib)\n"
                + "[ 101.000001] Lustre: lustre-MDT0000: Imperative Recovery not enabled, recovery window 300-900\n"
                + "[ 101.000002] Lustre: Skipped 2 previous similar messages\n");
        List<Trap> traps = log.read();
        assertEquals(1, traps.size());
        assertEquals("lustre-OST0001-osc-MDT0000: Connection restored to 10.0.0.11@o2ib (at 10.0.0.11@o2ib)",
                traps.get(0).message());
    }

    /** Lines of another call site (interleaved from another CPU, or whose own message was lost). */
    @Test
    void skippedWithAnotherPrefixOrLocationIsNotThePendingMessages() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append("[ 100.000001] LustreError: 6034:0:(osp_precreate.c:676:osp_precreate_send()) lustre-OST0004-osc-MDT0000: can't precreate: rc = -28\n"
                + "[ 100.000002] LustreError: 6034:0:(osp_precreate.c:1404:osp_precreate_thread()) Skipped 2 previous similar messages\n"
                + "[ 100.000003] Lustre: Skipped 9 previous similar messages\n"
                + "[ 100.000004] LustreError: 6034:0:(osp_precreate.c:676:osp_precreate_send()) Skipped 3 previous similar messages\n"
                + "[ 100.000005] LustreError: 6034:0:(osp_precreate.c:676:osp_precreate_send()) Skipped 4 previous similar messages\n");
        List<Trap> traps = log.read();
        assertEquals(List.of("lustre-OST0004-osc-MDT0000: can't precreate: rc = -28 (at osp_precreate.c:676:osp_precreate_send())"
                + suppressed(3)), traps.stream().map(Trap::message).toList());
        assertEquals(3, log.source.status().ignored(), "the Skipped lines of other headers, and the second one");
    }

    @Test
    void linesOfOtherSubsystemsBetweenAMessageAndItsSkippedCountLeaveItPending() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append("[ 100.000001] Lustre: lustre-OST0001-osc-MDT0000: Connection to lustre-OST0001 (at 10.0.0.11@o2ib) was lost; in progress operations using this service will wait for recovery to complete\n"
                + "[ 100.000002] mlx5_core 0000:3b:00.0: mlx5_cmd_check: cmd timeout\n"
                + "[ 100.000003] Lustre: Skipped 41 previous similar messages\n");
        List<Trap> traps = log.read();
        assertEquals(1, traps.size());
        assertTrue(traps.get(0).message().endsWith("wait for recovery to complete" + suppressed(41)), traps.get(0).message());
    }

    @Test
    void theLastMessageIsStoredAtTheEndOfTheRead() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append("[ 100.000001] LustreError: lustre-OST0001-osc-MDT0000: operation ost_statfs to node 10.0.0.11@o2ib failed: rc = -107\n");
        assertEquals(1, log.read().size());
        // The count comes too late to change a stored trap: ignored, not a trap of its own.
        log.append("[ 100.000002] LustreError: Skipped 5 previous similar messages\n");
        List<Trap> traps = log.read();
        assertEquals(1, traps.size());
        assertTrue(traps.get(0).message().endsWith("rc = -107"), traps.get(0).message());
        assertEquals(1, log.source.status().ignored());
    }

    @Test
    void malformedLinesAreCountedAndGoodOnesAroundThemKept() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append("[ 100.000001] LustreError: lustre-OST0001-osc-MDT0000: operation ost_statfs to node 10.0.0.11@o2ib failed: rc = -107\n"
                + "garbage that is no log line\n"
                + "Feb 30 04:25:04 mds1 kernel: LustreError: impossible date\n"
                + "[ 100.000002] LustreError: \u0001\u0002 binary\n"
                + "[ 100.000003] LustreError: 2211:0:(obd_sysfs.c:241:health_check_show()) lustre-MDT0000: device reported unhealthy\n");
        List<Trap> traps = log.read();
        assertEquals(List.of(WARNING, CRITICAL), traps.stream().map(Trap::category).toList());
        assertEquals(3, log.source.status().malformed());
    }

    @Test
    void readingTheSameLogAgainGivesTheSameIds() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "dmesg-2.15.log");
        List<Trap> first = log.read();
        // A restart: a new source whose boot time, read from /proc/uptime again, came out a second later.
        List<Trap> again = new KernelLogFixture(log.file, KernelLogFixture.BOOT.plusSeconds(1)).read();
        assertNotEquals(first.get(0).time(), again.get(0).time());
        assertEquals(first.stream().map(Trap::id).toList(), again.stream().map(Trap::id).toList());
        List<String> ids = first.stream().map(Trap::id).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "distinct lines, distinct ids");
        assertTrue(ids.stream().allMatch(id -> id.matches("kl-[0-9a-f]{16}")), ids.toString());
    }

    @Test
    void identicalLinesInTheSameSecondAreStillTwoTraps() {
        String line = "Mar  3 02:14:58 mds2 kernel: LustreError: scratch-OST0010-osc-MDT0001: operation ost_statfs to "
                + "node 192.168.20.14@tcp failed: rc = -107\n";
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append(line + line + line);
        List<String> ids = log.read().stream().map(Trap::id).toList();
        assertEquals(3, new HashSet<>(ids).size(), ids.toString());
        assertEquals(ids, new KernelLogFixture(log.file).read().stream().map(Trap::id).toList());
    }

    @Test
    void theSameMessageOnAnotherHostOrAtAnotherTimeHasAnotherId() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        String message = " kernel: LustreError: 2211:0:(obd_sysfs.c:241:health_check_show()) lustre-MDT0000: device "
                + "reported unhealthy\n";
        log.append("Mar  3 02:20:00 mds1" + message + "Mar  3 02:20:00 mds2" + message + "Mar  3 02:20:01 mds1" + message);
        Set<String> ids = new HashSet<>(log.read().stream().map(Trap::id).toList());
        assertEquals(3, ids.size());
    }

    @Test
    void aStormOfMixedServerMessagesStillParses() {
        String[] lines = KernelLogFixture.capture("mds-events-2.15.log").split("\n");
        int copies = 1000;
        StringBuilder storm = new StringBuilder();
        for (int i = 0; i < copies * lines.length; i++) {
            String line = lines[i % lines.length];
            storm.append(String.format("[%5d.%06d]", 20_000 + i / 1000, i % 1000)).append(line.substring(line.indexOf(']') + 1))
                    .append('\n');
        }
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append(storm.toString());
        List<Trap> traps = log.read();
        // The capture makes 12 traps (serverEventsOf215).
        assertEquals(12 * copies, traps.size());
        assertEquals(12 * copies, traps.stream().map(Trap::id).distinct().count());
        assertEquals(2 * copies, traps.stream().filter(t -> t.category() == CRITICAL).count());
        assertEquals(0, log.source.status().malformed());
    }

    @Test
    void aStormOfTenThousandLostConnections() {
        StringBuilder storm = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            String ost = String.format("lustre-OST%04x", i);
            storm.append(String.format("[%5d.%06d] Lustre: %s-osc-MDT0000: Connection to %s (at 10.0.%d.%d@o2ib) was lost; "
                    + "in progress operations using this service will wait for recovery to complete%n",
                    90_000 + i / 1000, i % 1000 * 7, ost, ost, i / 250, i % 250 + 1));
        }
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append(storm.toString());
        List<Trap> traps = log.read();
        assertEquals(10_000, traps.size());
        assertEquals(10_000, log.store.counts().received()[CRITICAL.code()]);
        assertEquals(10_000, traps.stream().map(Trap::id).distinct().count());
        assertEquals(10_000, traps.stream().map(Trap::node).distinct().count());
        assertEquals(new Seen(CRITICAL, "lustre", "lustre-OST270f", bootPlus(90_009), "lustre-OST270f-osc-MDT0000: "
                + "Connection to lustre-OST270f (at 10.0.39.250@o2ib) was lost; in progress operations using this "
                + "service will wait for recovery to complete"), Seen.of(traps.get(9_999)));
        assertNotEquals(traps.get(0).id(), traps.get(1).id());
    }
}
