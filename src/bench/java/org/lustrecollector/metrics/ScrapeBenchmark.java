package org.lustrecollector.metrics;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import org.lustrecollector.collector.CollectorStatus;
import org.lustrecollector.collector.OutageStatus;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapCounts;

/**
 * The cost of one GET /metrics over 100 filesystems × 1,000 OSTs (docs/benchmarks.md, "/metrics"): a plain
 * {@code main}, measuring the CPU time of the one thread that writes a scrape, as the servlet's request
 * thread does, into a stream that only counts bytes. Usage: {@code ScrapeBenchmark FOLDER} (the tree is
 * written there once, and reused).
 */
public final class ScrapeBenchmark {
    private static final int ROUNDS = 6;

    private ScrapeBenchmark() {
    }

    private static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "target/bench").resolve("metrics-tree");
        if (!Files.exists(root.resolve("written"))) {
            LustreTreeWriter w = LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false).linkIdenticalContent();
            for (int f = 0; f < 100; f++) {
                w.fileSystem(String.format("fs%03d", f), 1000);
            }
            w.write();
            Files.createFile(root.resolve("written"));
        }
        LustreState lustre = new LustreState(new FileProcTree(root), InstantSource.system(), 10, "mds1");
        // Every node read once: 100,100 nodes at 250 a scan.
        for (int i = 0; i < 410; i++) {
            lustre.scan();
        }
        long[] perCategory = new long[4];
        CollectorStatus status = new CollectorStatus(new TrapCounts(perCategory, perCategory, 0,
                Map.of("fs000", perCategory), Map.of(), 250), 250, "bench", 60,
                List.of(new SourceStatus("trapfile", "/bench", true, 1, 0, 0)), 0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MetricsExposition exposition = new MetricsExposition();
        System.out.println("| scrape | bytes | CPU ms per round |");
        System.out.println("|---|---|---|");
        for (String mode : new String[] {"plain", "gzip-first", "gzip", "gzip-notargets"}) {
            boolean gzip = mode.startsWith("gzip");
            boolean targets = !mode.endsWith("notargets");
            StringBuilder cpu = new StringBuilder();
            long bytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                if (mode.equals("gzip-first")) {
                    exposition = new MetricsExposition(); // nothing kept: every block compressed
                } else if (mode.equals("gzip")) {
                    for (int i = 0; i < 3; i++) {
                        lustre.scan(); // 15 s of scans at interval 5 s between two scrapes
                    }
                }
                Counting out = new Counting();
                long before = threads.getCurrentThreadCpuTime();
                exposition.write(out, exposition.writerFor(null), gzip, status, lustre, OutageStatus.NONE, targets, 100);
                long after = threads.getCurrentThreadCpuTime();
                bytes = out.bytes;
                cpu.append(round == 0 ? "" : ", ").append(String.format("%.0f", (after - before) / 1e6));
            }
            System.out.println("| " + mode + " | " + bytes + " | " + cpu + " |");
        }
    }
}
