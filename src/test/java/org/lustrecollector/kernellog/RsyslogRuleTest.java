package org.lustrecollector.kernellog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.trap.Trap;

/**
 * The rsyslog rule of docs/kernel-log.md, read from that file, in Debian's real {@code rsyslogd} (package
 * rsyslog, installed by .ci/run): started on a scratch configuration (work directory, pid file, input and
 * output files all in a temporary folder; no system socket, no kernel input), fed a mixed kernel log
 * through {@code imfile} tagged {@code kernel:} as imklog and imjournal tag kernel messages, and stopped at
 * the end. Exactly the Lustre, LNet and ldiskfs lines must come out, in a form the collector reads.
 */
class RsyslogRuleTest {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final Path DOC = Path.of("docs/kernel-log.md");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Kernel messages as imklog/imjournal pass them on; the ones the rule must keep are {@link #KEPT}. */
    private static final List<String> KERNEL = List.of(
            "lustre: loading out-of-tree module taints kernel.",
            "LNet: HW NUMA nodes: 2, HW CPU cores: 32, npartitions: 2",
            "Lustre: Lustre: Build Version: 2.15.3",
            "Lustre: lustre-OST0003-osc-MDT0000: Connection to lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress "
                    + "operations using this service will wait for recovery to complete",
            "LustreError: 11-0: lustre-OST0003-osc-MDT0000: operation ost_connect to node 10.0.0.13@o2ib failed: rc = -19",
            " LustreError: Skipped 3 previous similar messages",
            "[ 8302.000461] LNetError: 3871:0:(o2iblnd_cb.c:3439:kiblnd_check_conns()) Timed out RDMA with 10.0.0.31@o2ib "
                    + "(52): c: 0, oc: 0, rc: 8",
            "mlx5_core 0000:3b:00.0: mlx5_cmd_check: cmd timeout",
            "Lustre: mdt00_014: service thread pid 5123 was inactive for 200.117 seconds. The thread might be hung, or "
                    + "it might only be slow and will resume later. Dumping the stack trace for debugging purposes:",
            "Pid: 5123, comm: mdt00_014 4.18.0-477.10.1.el8_lustre.x86_64 #1 SMP Tue Jun 20 01:47:37 UTC 2023",
            "Call Trace TBD:",
            "[<0>] ldlm_completion_ast+0x7ac/0x900 [ptlrpc]",
            "INFO: task mdt00_014:5123 blocked for more than 120 seconds.",
            "EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)",
            "LDISKFS-fs error (device dm-3): ldiskfs_lookup:1851: inode #2621441: comm mdt00_003: deleted inode "
                    + "referenced: 2621502",
            "Aborting journal on device dm-3-8.",
            "LDISKFS-fs (dm-3): Remounting filesystem read-only",
            "LustreErrors are not a prefix",
            "LustreError: 5117:0:(osd_handler.c:2094:osd_trans_stop()) lustre-MDT0000: failed to stop transaction: rc = -30");
    private static final List<String> KEPT = List.of(
            "LNet: HW NUMA nodes: 2, HW CPU cores: 32, npartitions: 2",
            "Lustre: Lustre: Build Version: 2.15.3",
            KERNEL.get(3),
            KERNEL.get(4),
            "LustreError: Skipped 3 previous similar messages",
            KERNEL.get(6),
            KERNEL.get(8),
            KERNEL.get(14),
            KERNEL.get(16),
            KERNEL.get(18));

    @TempDir
    Path dir;

    @Test
    void theDocumentedRulePassesExactlyLustreLnetAndLdiskfsKernelLines() throws Exception {
        assertTrue(Files.isExecutable(RSYSLOGD), RSYSLOGD + " missing: install Debian's rsyslog (.ci/run does)");
        Path kernel = dir.resolve("kernel-messages");
        Path other = dir.resolve("other-messages");
        Path output = dir.resolve("lustre-kernel.log");
        Files.createDirectories(dir.resolve("work"));
        Files.write(kernel, KERNEL, StandardCharsets.UTF_8);
        Files.writeString(other, "notice: Result of monitor operation for Lustre target lustre-OST0003: not running\n"
                + "Lustre: a program's line that looks like Lustre's\n");
        Path conf = dir.resolve("scratch.conf");
        Files.writeString(conf, "global(workDirectory=\"" + dir.resolve("work") + "\")\n"
                + "module(load=\"imfile\" mode=\"polling\" pollingInterval=\"1\")\n"
                + "input(type=\"imfile\" file=\"" + kernel + "\" tag=\"kernel:\")\n"
                + "input(type=\"imfile\" file=\"" + other + "\" tag=\"pacemaker-controld[2211]:\")\n"
                + documentedRule(output));

        Process rsyslogd = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i",
                dir.resolve("scratch.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        try {
            // imfile reads in order, and the last kernel line is kept: once it is out, everything was read.
            String last = KEPT.get(KEPT.size() - 1);
            await().atMost(PATIENCE).until(() -> !rsyslogd.isAlive()
                    || lines(output).stream().anyMatch(l -> l.endsWith(last)) || lines(output).size() >= KEPT.size());
        } finally {
            rsyslogd.destroy();
            if (!rsyslogd.waitFor(10, TimeUnit.SECONDS)) {
                rsyslogd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        List<String> written = lines(output);
        String diagnostics = Files.readString(dir.resolve("rsyslogd.out"));
        // RSYSLOG_FileFormat: "<RFC 3339 time> <host> kernel: <message>".
        List<String> messages = written.stream().map(l -> l.substring(l.indexOf(" kernel: ") + " kernel: ".length()))
                .toList();
        assertEquals(KEPT, messages, diagnostics);

        // The collector reads what rsyslog wrote: every line parses, and the Lustre messages become traps.
        KernelLogFixture log = new KernelLogFixture(output);
        List<Trap> traps = log.read();
        assertEquals(0, log.source.status().malformed(), diagnostics);
        assertEquals(List.of(ConsoleEvent.CONNECTION_LOST.category(), ConsoleEvent.OPERATION_FAILED.category(),
                        ConsoleEvent.LNET_ERROR.category(), ConsoleEvent.SERVICE_THREAD_INACTIVE.category(),
                        ConsoleEvent.LDISKFS_ERROR.category(), ConsoleEvent.LDISKFS_READ_ONLY.category(),
                        ConsoleEvent.OTHER_ERROR.category()),
                traps.stream().map(Trap::category).toList());
    }

    /** The {@code if … then { action(…) }} block of the rsyslog section, writing to {@code output}, without chown. */
    private static String documentedRule(Path output) throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("# /etc/rsyslog.d/30-lustre-kernel.conf");
        int end = doc.indexOf("```", start);
        assertTrue(start > 0 && end > start, "no rsyslog rule in " + DOC);
        String rule = doc.substring(start, end);
        assertTrue(rule.contains("/var/log/lustre-kernel.log"), rule);
        // A test is no root: the file's owner and group stay the test's own.
        return rule.replace("/var/log/lustre-kernel.log", output.toString())
                .replace("fileOwner=\"root\" fileGroup=\"lustre-collector\" ", "");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
