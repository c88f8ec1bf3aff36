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
 * reports thread CPU time per scan, files read per scan and per second at the default interval, how many
 * scans a lost connection takes to show, and the cost of answering getNodeInfo from memory.
 */
public final class LustreScanBenchmark {
    private static final int FILESYSTEMS = 100;
    private static final int OSTS = 1000;
    private static final double INTERVAL_SECONDS = 5;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "target/bench").resolve("lustre-100x1000-v2");
        LustreTreeWriter f = LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false).linkIdenticalContent();
        for (int i = 0; i < FILESYSTEMS; i++) {
            f.fileSystem(String.format(Locale.ROOT, "fs%03d", i), OSTS);
        }
        f.condition("fs000-OST0007", NodeCondition.DISCONNECTED);
        long written = System.nanoTime();
        f.write(); // over an earlier run's tree too, so that the writer knows every file it changes later
        System.out.printf("tree written in %.1f s%n", (System.nanoTime() - written) / 1e9);
        System.out.println("load average before: " + loadAverage());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CountingTree tree = new CountingTree(new FileProcTree(root));
        LustreState state = new LustreState(tree, InstantSource.system(), 5, "bench");

        Sample first = measure(threads, tree, state);
        System.out.printf("first scan (inventory + LODs + fast round + changed nodes): %s%n", first);
        // A first fast round to warm the JIT, then the measured rounds.
        for (int i = 0; i < LustreState.FAST_ROUND_SCANS; i++) {
            measure(threads, tree, state);
        }
        int scans = 3 * LustreState.FAST_ROUND_SCANS;
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
        double meanCpuMs = cpu / 1e6 / scans;
        double inventoryMs = first.cpuNanos / 1e6 / LustreState.INVENTORY_SCANS;
        System.out.printf("steady scans: %d, mean CPU %.1f ms, max CPU %.1f ms, mean wall %.1f ms, %d files read per scan,"
                + " %.0f files read per second at %.0f s%n", scans, meanCpuMs, maxCpu / 1e6, wall / 1e6 / scans,
                reads / scans, reads / scans / INTERVAL_SECONDS, INTERVAL_SECONDS);
        System.out.printf("CPU per file read: %.1f us%n", cpu / 1e3 / reads);
        System.out.printf("CPU share at interval %.0f s: %.2f%% of one core (+ inventory every %d scans, at most"
                + " %.2f ms a scan: %.2f%%)%n", INTERVAL_SECONDS, meanCpuMs / (INTERVAL_SECONDS * 1000) * 100,
                LustreState.INVENTORY_SCANS, inventoryMs, (meanCpuMs + inventoryMs) / (INTERVAL_SECONDS * 1000) * 100);

        // A lost connection on an OST the fast round has just passed: the worst case.
        String lost = "fs099-OST03e7";
        f.condition(lost, NodeCondition.DISCONNECTED);
        int until = 0;
        while (state.node(lost).orElseThrow().responding() && until < 2 * LustreState.FAST_ROUND_SCANS) {
            measure(threads, tree, state);
            until++;
        }
        System.out.printf("%s lost: seen after %d scans (%.0f s at %.0f s); state %s%n", lost, until,
                until * INTERVAL_SECONDS, INTERVAL_SECONDS, state.node(lost).orElseThrow().state());
        f.condition(lost, NodeCondition.FULL);

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
        System.out.println("load average after: " + loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
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
        public String reread(ProcRoot root, String path) throws ProcReadException {
            reads++;
            return delegate.reread(root, path);
        }

        @Override
        public List<String> list(ProcRoot root, String path) throws ProcReadException {
            return delegate.list(root, path);
        }
    }
}
