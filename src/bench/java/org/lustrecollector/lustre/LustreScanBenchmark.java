package org.lustrecollector.lustre;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;

import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.lustre.procfs.ProcReadException;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.lustre.procfs.ProcTree;

/**
 * The cost harness of {@code docs/benchmarks.md} ("Lustre state"); not a test, run by hand:
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx512m -cp target/classes:target/test-classes:$(cat target/cp.txt) org.lustrecollector.lustre.LustreScanBenchmark target/bench
 * </pre>
 * Writes a 100 filesystems x 1,000 OSTs tree (2.15 layout, no debugfs, as the collector's non-root user
 * sees it; hard-linked content) once, then runs {@link LustreState#scan()} as the collector thread does and
 * reports thread CPU time per scan, files read, and the cost of answering getNodeInfo from memory.
 */
public final class LustreScanBenchmark {
    private static final int FILESYSTEMS = 100;
    private static final int OSTS = 1000;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "target/bench").resolve("lustre-100x1000");
        if (!Files.exists(root.resolve("done"))) {
            long t0 = System.nanoTime();
            LustreTreeWriter f = LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false).linkIdenticalContent();
            for (int i = 0; i < FILESYSTEMS; i++) {
                f.fileSystem(String.format(Locale.ROOT, "fs%03d", i), OSTS);
            }
            f.condition("fs000-OST0007", NodeCondition.DISCONNECTED);
            f.write();
            Files.writeString(root.resolve("done"), "");
            System.out.printf("tree written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CountingTree tree = new CountingTree(new FileProcTree(root));
        LustreState state = new LustreState(tree, InstantSource.system(), 5, "bench");

        Sample first = measure(threads, tree, state);
        System.out.printf("first scan (inventory + LODs + %d nodes): %s%n", LustreState.NODES_PER_SCAN, first);
        int round = FILESYSTEMS * (OSTS + 1) / LustreState.NODES_PER_SCAN + 1;
        // A first round to warm the JIT, then the measured rounds.
        for (int i = 0; i < round; i++) {
            measure(threads, tree, state);
        }
        int scans = 2 * round;
        long cpu = 0;
        long wall = 0;
        long maxCpu = 0;
        long reads = 0;
        for (int i = 0; i < scans; i++) {
            Sample s = measure(threads, tree, state);
            cpu += s.cpuNanos;
            wall += s.wallNanos;
            maxCpu = Math.max(maxCpu, s.cpuNanos);
            reads += s.reads;
        }
        System.out.printf("steady scans: %d, mean CPU %.1f ms, max CPU %.1f ms, mean wall %.1f ms, %d files read per scan%n",
                scans, cpu / 1e6 / scans, maxCpu / 1e6, wall / 1e6 / scans, reads / scans);
        System.out.printf("CPU share at interval 5 s: %.2f%% of one core%n", cpu / 1e6 / scans / 5000 * 100);
        System.out.printf("every node read within %d scans (%d s at 5 s)%n", round, round * 5);

        List<String> names = state.nodeNames("");
        long t0 = System.nanoTime();
        int found = 0;
        for (String name : names) {
            found += state.node(name).isPresent() ? 1 : 0;
        }
        System.out.printf("node(name) from memory: %d lookups, %.2f us each%n", found,
                (System.nanoTime() - t0) / 1e3 / names.size());
        t0 = System.nanoTime();
        for (int i = 0; i < FILESYSTEMS; i++) {
            state.fileSystem(String.format(Locale.ROOT, "fs%03d", i)).orElseThrow();
        }
        System.out.printf("fileSystem(fs) summary of 1,001 nodes: %.2f ms each%n", (System.nanoTime() - t0) / 1e6 / FILESYSTEMS);
        System.out.println("fs000-OST0007: " + state.node("fs000-OST0007").orElseThrow());
    }

    private record Sample(long cpuNanos, long wallNanos, long reads) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "CPU %.1f ms, wall %.1f ms, %d files read", cpuNanos / 1e6, wallNanos / 1e6, reads);
        }
    }

    private static Sample measure(ThreadMXBean threads, CountingTree tree, LustreState state) {
        long reads = tree.reads;
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        state.scan();
        return new Sample(threads.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall, tree.reads - reads);
    }

    private static final class CountingTree implements ProcTree {
        private final ProcTree delegate;
        long reads;

        CountingTree(ProcTree delegate) {
            this.delegate = delegate;
        }

        @Override
        public String read(ProcRoot root, String path) throws ProcReadException {
            reads++;
            return delegate.read(root, path);
        }

        @Override
        public List<String> list(ProcRoot root, String path) throws ProcReadException {
            return delegate.list(root, path);
        }
    }
}
