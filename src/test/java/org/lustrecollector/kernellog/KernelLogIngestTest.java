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
                        + "ost_connect to node 10.0.0.13@o2ib failed: rc = -19 (+3 similar)"),
                new Seen(INFO, "lustre", "lustre-OST0003", bootPlus(8244), "lustre-OST0003-osc-MDT0000: Connection "
                        + "restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)"),
                new Seen(CRITICAL, "lustre", "lustre-OST0005", bootPlus(8301), "lustre-OST0005-osc-MDT0000: This client "
                        + "was evicted by lustre-OST0005; in progress operations using this service will fail."),
                new Seen(WARNING, "lustre", "lustre-OST0007", bootPlus(8302), "lustre-OST0007_UUID: not available for "
                        + "connect from 10.0.0.21@o2ib (no target). If you are running an HA pair check that the target "
                        + "is mounted on the other server."),
                new Seen(WARNING, "lustre", "lustre-OST0004", bootPlus(8400), "lustre-OST0004-osc-MDT0000: can't "
                        + "precreate: rc = -28 (at osp_precreate.c:656:osp_precreate_send()) (+11 similar)"),
                new Seen(CRITICAL, "", "MGC10.0.0.1@o2ib", bootPlus(8412), "MGC10.0.0.1@o2ib: Connection to MGS (at "
                        + "10.0.0.1@o2ib) was lost; in progress operations using this service will fail")),
                seen(log.read()));
        SourceStatus status = log.source.status();
        assertEquals(0, status.malformed());
        // Linux version, 2 LNet, Build Version, Imperative Recovery, request timeout, 2 LNetError + their
        // Skipped line, and the server-side eviction notice.
        assertEquals(10, status.ignored());
        assertTrue(status.readable());
    }

    @Test
    void syslogOf216() {
        KernelLogFixture log = KernelLogFixture.ofCapture(dir, "syslog-2.16.log");
        assertEquals(List.of(
                new Seen(CRITICAL, "scratch", "scratch-OST0010", utc("2025-03-03T02:14:51Z"), "scratch-OST0010-osc-MDT0001: "
                        + "Connection to scratch-OST0010 (at 192.168.20.14@tcp) was lost; in progress operations using "
                        + "this service will wait for recovery to complete (+7 similar)"),
                new Seen(WARNING, "scratch", "scratch-OST0010", utc("2025-03-03T02:14:58Z"), "scratch-OST0010-osc-MDT0001: "
                        + "operation ost_statfs to node 192.168.20.14@tcp failed: rc = -107"),
                new Seen(CRITICAL, "scratch", "scratch-MDT0002", utc("2025-03-03T02:15:02Z"), "scratch-MDT0002-osp-MDT0001: "
                        + "Connection to scratch-MDT0002 (at 192.168.20.4@tcp) was lost; in progress operations using "
                        + "this service will fail"),
                new Seen(CRITICAL, "scratch", "scratch-MDT0000", utc("2025-03-03T02:15:40Z"), "scratch-MDT0000-mdc-"
                        + "ffff9b2f4c1e8000: This client was evicted by scratch-MDT0000; in progress operations using "
                        + "this service will fail."),
                new Seen(INFO, "scratch", "scratch-OST0010", utc("2025-03-03T02:16:30Z"), "scratch-OST0010-osc-MDT0001: "
                        + "Connection restored to 192.168.20.14@tcp (at 192.168.20.14@tcp) (+7 similar)"),
                new Seen(CRITICAL, "scratch", "scratch-MDT0001", utc("2025-03-03T02:20:00Z"),
                        "scratch-MDT0001: device reported unhealthy"),
                new Seen(CRITICAL, "", "MGC192.168.20.2@tcp", utc("2025-03-03T02:21:09Z"), "MGC192.168.20.2@tcp: "
                        + "Connection to MGS (at 192.168.20.2@tcp) was lost; in progress operations using this service "
                        + "will wait for recovery to complete"),
                new Seen(WARNING, "", "mds2", utc("2025-03-03T02:22:15Z"),
                        "Failed to get MGS log scratch-client and no local copy.")),
                seen(log.read()));
        // The pacemaker line and the recovery notice.
        assertEquals(2, log.source.status().ignored());
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
        log.append("[ 100.000001] LustreError: lustre-OST0001-osc-MDT0000: operation ost_statfs to node 10.0.0.11@o2ib failed: rc = -107\n"
                + "[ 101.000001] Lustre: lustre-MDT0000: Recovery over after 0:42, of 8 clients 8 recovered and 0 were evicted.\n"
                + "[ 101.000002] Lustre: Skipped 2 previous similar messages\n");
        List<Trap> traps = log.read();
        assertEquals(1, traps.size());
        assertEquals("lustre-OST0001-osc-MDT0000: operation ost_statfs to node 10.0.0.11@o2ib failed: rc = -107",
                traps.get(0).message());
    }

    @Test
    void linesOfOtherSubsystemsBetweenAMessageAndItsSkippedCountLeaveItPending() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append("[ 100.000001] Lustre: lustre-OST0001-osc-MDT0000: Connection to lustre-OST0001 (at 10.0.0.11@o2ib) was lost; in progress operations using this service will wait for recovery to complete\n"
                + "[ 100.000002] mlx5_core 0000:3b:00.0: mlx5_cmd_check: cmd timeout\n"
                + "[ 100.000003] Lustre: Skipped 41 previous similar messages\n"
                + "[ 100.000004] Lustre: Skipped 1 previous similar message\n");
        List<Trap> traps = log.read();
        assertEquals(1, traps.size());
        assertTrue(traps.get(0).message().endsWith("wait for recovery to complete (+42 similar)"), traps.get(0).message());
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
                + "[ 100.000003] LustreError: lustre-MDT0000: device reported unhealthy\n");
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
        String message = " kernel: LustreError: lustre-MDT0000: device reported unhealthy\n";
        log.append("Mar  3 02:20:00 mds1" + message + "Mar  3 02:20:00 mds2" + message + "Mar  3 02:20:01 mds1" + message);
        Set<String> ids = new HashSet<>(log.read().stream().map(Trap::id).toList());
        assertEquals(3, ids.size());
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
