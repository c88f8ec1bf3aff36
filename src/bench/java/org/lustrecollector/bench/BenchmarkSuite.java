package org.lustrecollector.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.awaitility.Awaitility;
import org.lustrecollector.bench.PollingBenchmark.Answer;
import org.lustrecollector.bench.PollingBenchmark.Target;
import org.lustrecollector.config.ConfigOptions;
import org.lustrecollector.demo.DemoTrapWriter;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.TreeLayout;

/**
 * The benchmark suite of docs/benchmarks.md, run by {@code src/bench/run-benchmarks}: JMH for the
 * parser and the store, file ingest, then the collector in its own Tomcat with a regular trap file and a
 * Lustre fixture tree, under wrk next to a fixed-body servlet and the Python references, a trap storm, the
 * trap-to-client latency, the idle cost, and waitTraps clients waiting by the thousand. Writes its table between the markers of the doc.
 *
 * <pre>
 * BenchmarkSuite [--smoke] [--jfr] [--waiters N] [--only waiters|storms] [--project DIR] [--work DIR] [--doc FILE]
 * </pre>
 * {@code --smoke}: tiny sizes, a few seconds each, to show every benchmark still runs (the doc defaults to
 * {@code <work>/benchmarks.md}, not docs/benchmarks.md). {@code --jfr}: record the collector's JVM with Java
 * Flight Recorder into {@code <work>/collector.jfr}. {@code --waiters N}: N waiting clients (and N polling
 * monitors) in {@link WaitersBenchmark} instead of the size's. {@code --only waiters}: only the collector with
 * its tree and {@link WaitersBenchmark} (after an untimed warm-up pass of it), printed and not written to the
 * doc (its block needs every benchmark).
 * Everything listens on 127.0.0.1 only.
 */
public final class BenchmarkSuite {

    /** How much of everything: the real sizes of the issue, or tiny ones for the smoke run. */
    record Sizes(int ingestLines, int ingestRounds, int fileSystems, int osts, List<Integer> connections,
                 int wrkSeconds, int wrkRounds, int warmSeconds, int stormTraps, int stormWarmUps, int storms, int stormClients,
                 int stormPollMillis,
                 int trapToClientSamples, int idleSettleSeconds, int idleSeconds, WaitersBenchmark.Sizes waiters) {
        static final Sizes FULL = new Sizes(1_000_000, 5, 100, 1000, List.of(1, 16, 64, 256), 3, 3, 5, 100_000, 4, 5, 4, 10,
                200, 5, 60, new WaitersBenchmark.Sizes(1_000, 20, 40, 5, 60, 100_000, 10, 5, 30));
        static final Sizes SMOKE = new Sizes(2_000, 1, 2, 10, List.of(4), 1, 1, 1, 1_000, 1, 1, 2, 10, 5, 0, 2,
                new WaitersBenchmark.Sizes(20, 1, 2, 0, 1, 1_000, 10, 1, 2));

        /** These sizes with {@code n} waiting clients (and as many polling monitors) instead. */
        Sizes withWaiters(int n) {
            WaitersBenchmark.Sizes w = waiters;
            return new Sizes(ingestLines, ingestRounds, fileSystems, osts, connections, wrkSeconds, wrkRounds, warmSeconds,
                    stormTraps, stormWarmUps, storms, stormClients, stormPollMillis, trapToClientSamples, idleSettleSeconds, idleSeconds,
                    new WaitersBenchmark.Sizes(n, w.warmUpSamples(), w.samples(), w.settleSeconds(), w.idleSeconds(), w.stormTraps(), w.pollEveryMillis(),
                            w.monitorEverySeconds(), w.monitorSeconds()));
        }
    }

    /** The benchmarks {@code --only} can select. */
    enum Only { ALL, WAITERS, STORMS }

    /**
     * @param waiters the number of waiting clients instead of the size's, or 0
     * @param only    every benchmark, or only the one named
     */
    record Options(boolean smoke, boolean jfr, Path project, Path work, Path doc, int waiters, Only only) {
        static Options parse(String... args) {
            boolean smoke = false;
            boolean jfr = false;
            int waiters = 0;
            Only only = Only.ALL;
            Path project = Path.of("").toAbsolutePath();
            Path work = null;
            Path doc = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--jfr" -> jfr = true;
                    case "--project" -> project = Path.of(args[++i]).toAbsolutePath();
                    case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                    case "--doc" -> doc = Path.of(args[++i]).toAbsolutePath();
                    case "--waiters" -> waiters = Integer.parseInt(args[++i]);
                    case "--only" -> only = switch (args[++i]) {
                        case "waiters" -> Only.WAITERS;
                        case "storms" -> Only.STORMS;
                        default -> throw new IllegalArgumentException("--only knows: waiters, storms; usage: " + USAGE);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
                }
            }
            if (work == null) {
                work = project.resolve(smoke ? "target/bench-smoke" : "target/bench");
            }
            if (doc == null) {
                doc = smoke ? work.resolve("benchmarks.md") : project.resolve("docs/benchmarks.md");
            }
            if (waiters < 0) {
                throw new IllegalArgumentException("--waiters must be at least 1; usage: " + USAGE);
            }
            return new Options(smoke, jfr, project, work, doc, waiters, only);
        }
    }

    private static final String USAGE =
            "BenchmarkSuite [--smoke] [--jfr] [--waiters N] [--only waiters|storms] [--project DIR] [--work DIR] [--doc FILE]";

    private final Options options;
    private final Sizes sizes;

    BenchmarkSuite(Options options) {
        this.options = options;
        Sizes base = options.smoke() ? Sizes.SMOKE : Sizes.FULL;
        this.sizes = options.waiters() > 0 ? base.withWaiters(options.waiters()) : base;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.only() == Only.WAITERS) {
            new BenchmarkSuite(options).runWaiters();
            return;
        }
        if (options.only() == Only.STORMS) {
            new BenchmarkSuite(options).runStorms();
            return;
        }
        Results results = new BenchmarkSuite(options).run();
        System.out.println(BenchmarkReport.markdown(results));
        System.out.println("bench: written to " + options.doc());
    }

    /** Runs every benchmark, writes the doc's block and returns what was measured. */
    Results run() throws Exception {
        if (!Wrk.installed()) {
            throw new IllegalStateException("wrk is not installed: apt-get install wrk "
                    + "(src/bench/run-benchmarks and .ci/run install it when missing)");
        }
        Path work = options.work();
        Files.createDirectories(work);
        Machine machine = Machine.describe();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        double loadAtStart = Machine.loadAverage();
        log("load average %.2f; %s", loadAtStart, options.smoke() ? "smoke run, tiny sizes" : "full run");
        List<String> notes = new ArrayList<>();

        log("JMH: parser and store");
        Map<String, Double> jmh = JmhBenchmarks.run(options.smoke());
        log("ingest: %,d lines", sizes.ingestLines());
        IngestBenchmark.Result ingest = IngestBenchmark.run(work.resolve("ingest"), sizes.ingestLines(), sizes.ingestRounds());
        log("ingest: %,.0f traps/s, %.2f CPU s per million", ingest.trapsPerSecond(), ingest.cpuSecondsPerMillion());

        Path tree = lustreTree(work);
        Path trapFile = trickledTrapFile(work);
        Path bodies = Files.createDirectories(work.resolve("bodies"));
        int port = freePort();
        log("collector: starting Tomcat on 127.0.0.1:%d", port);
        Map<String, String> collectorOptions = collectorOptions(trapFile, tree);
        Results.Idle idle;
        List<PollingBenchmark.Row> polling;
        StormBenchmark.Result storm;
        StormBenchmark.Result stormSaturated;
        Latencies trapToClient;
        WaitersBenchmark.Result waiters;
        List<String> targetLabels = new ArrayList<>();
        try (BenchTomcat tomcat = BenchTomcat.start(options.project(), work.resolve("tomcat-base"), port,
                collectorOptions, bodies, jfrFile("collector.jfr"))) {
            URL url = new URL("http://127.0.0.1:" + port + "/");
            awaitCollectorReady(url);
            Path[] requests = prepareAnswers(tomcat.address(), url, bodies, work.resolve("requests"), work.resolve("traps.json"));

            List<Target> targets = new ArrayList<>();
            targets.add(new Target(BenchmarkReport.COLLECTOR, answer -> url.toString()));
            targets.add(new Target(BenchmarkReport.FIXED, answer -> url + "fixed/" + answer.file));
            List<ReferenceServer> references = startReferences(work, notes);
            try {
                for (ReferenceServer ref : references) {
                    String refUrl = "http://127.0.0.1:" + ref.address().getPort() + "/";
                    checkSameAnswer(url, new URL(refUrl), ref.kind().label);
                    targets.add(new Target(ref.kind().label, answer -> refUrl));
                }
                targets.forEach(t -> targetLabels.add(t.label()));
                log("polling: %d servers × 2 answers × connections %s, %d × %d s each", targets.size(),
                        sizes.connections(), sizes.wrkRounds(), sizes.wrkSeconds());
                Wrk wrk = new Wrk(options.project().resolve("src/bench/getTraps.lua"));
                polling = PollingBenchmark.run(wrk, targets, requests, sizes.connections(), sizes.wrkSeconds(),
                        sizes.wrkRounds(), sizes.warmSeconds(), row -> log("  %-18s %-9s c=%-3d %,9.0f req/s  p50 %.2f ms  p99 %.2f ms  errors %d",
                                row.target(), row.answer().label, row.connections(), row.result().requestsPerSecond(),
                                row.result().p50Ms(), row.result().p99Ms(), row.result().errors()));
            } finally {
                references.forEach(ReferenceServer::close);
            }

            log("storm: %,d traps, %s, %d clients polling every %d ms", sizes.stormTraps(), stormCount(),
                    sizes.stormClients(), sizes.stormPollMillis());
            storm = StormBenchmark.run(trapFile, tomcat.address(), sizes.stormTraps(), sizes.stormWarmUps(), sizes.storms(),
                    sizes.stormClients(), sizes.stormPollMillis());
            logStorm("storm", storm);
            log("storm, pollers back to back: %,d traps, %s, %d clients", sizes.stormTraps(), stormCount(),
                    sizes.stormClients());
            stormSaturated = StormBenchmark.run(trapFile, tomcat.address(), sizes.stormTraps(), sizes.stormWarmUps(),
                    sizes.storms(), sizes.stormClients(), 0);
            logStorm("storm, pollers back to back", stormSaturated);
            double rssAfterStorm = ProcessStats.rssMb(tomcat.pid());
            ProcessStats.Heap heapAfterStorm = ProcessStats.heap(tomcat.pid());

            log("trap-to-client: %d lines", sizes.trapToClientSamples());
            trapToClient = TrapToClientBenchmark.run(trapFile, tomcat.address(), sizes.trapToClientSamples());
            log("trap-to-client: p50 %.2f ms, p99 %.2f ms", trapToClient.p50Ms(), trapToClient.p99Ms());

            log("idle: %d s settling, then %d s measured", sizes.idleSettleSeconds(), sizes.idleSeconds());
            TimeUnit.SECONDS.sleep(sizes.idleSettleSeconds());
            ProcessStats stats = new ProcessStats();
            double cpu0 = stats.cpuSeconds(tomcat.pid());
            long idle0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(sizes.idleSeconds());
            double cpu = stats.cpuSeconds(tomcat.pid()) - cpu0;
            double idleSeconds = (System.nanoTime() - idle0) / 1e9;
            idle = new Results.Idle(idleSeconds, cpu, rssAfterStorm, heapAfterStorm, ProcessStats.rssMb(tomcat.pid()));
            log("idle: %.2f CPU s in %.0f s = %.2f %% of one core; RSS %.0f MB", cpu, idleSeconds,
                    idle.percentOfOneCore(), idle.rssAfterIdleMb());

            waiters = waiters(trapFile, tomcat);
        }
        Results.KernelLogStorms kernelLog = kernelLogStorms(work, tree, collectorOptions, bodies);
        double loadAtEnd = Machine.loadAverage();
        Results results = new Results(options.smoke(), machine, started, (System.nanoTime() - t0) / 1e9, loadAtStart,
                loadAtEnd, jmh, ingest, sizes.fileSystems(), sizes.osts(), targetLabels, polling, sizes.wrkSeconds(), sizes.wrkRounds(),
                storm, stormSaturated, trapToClient, idle, waiters, kernelLog, notes);
        DocBlock.write(options.doc(), BenchmarkReport.markdown(results));
        Files.writeString(work.resolve("measurements.txt"), measurementsText(results), StandardCharsets.UTF_8);
        return results;
    }

    /** A fresh trap file under {@code work} holding the collector's first 250 traps. */
    private static Path trickledTrapFile(Path work) throws IOException {
        Path trapFile = work.resolve("collector/traps");
        Files.createDirectories(trapFile.getParent());
        Files.deleteIfExists(trapFile);
        DemoTrapWriter.withSeed(trapFile, 7).writeTrickle(250);
        return trapFile;
    }

    /**
     * Only the collector, as {@link #run} starts it, and {@link WaitersBenchmark}, after an untimed pass of it
     * (with 1 s idle and 5 s of monitors) that warms the JVM; logs what it measured.
     */
    WaitersBenchmark.Result runWaiters() throws Exception {
        Setup setup = setUp("waiters only");
        Path trapFile = setup.trapFile();
        try (BenchTomcat tomcat = startCollector(setup)) {
            // The collector's JVM is fresh here, not warmed by the benchmarks before it: one pass untimed first.
            WaitersBenchmark.Sizes w = sizes.waiters();
            log("waiters: warm-up pass");
            WaitersBenchmark.run(trapFile, tomcat.address(), tomcat.pid(), new WaitersBenchmark.Sizes(w.waiters(),
                    w.warmUpSamples(), w.samples(), 0, 1, w.stormTraps(), w.pollEveryMillis(), w.monitorEverySeconds(),
                    Math.min(5, w.monitorSeconds())));
            WaitersBenchmark.Result result = waiters(trapFile, tomcat);
            log("load average %.2f at the end", Machine.loadAverage());
            return result;
        }
    }

    /**
     * Only the storms, as {@link #run} runs them: the trap file's at a fixed polling rate, then the kernel log's
     * with outage grouping off and on, one after the other; logs what it measured.
     */
    void runStorms() throws Exception {
        Setup setup = setUp("storms only");
        Path trapFile = setup.trapFile();
        try (BenchTomcat tomcat = startCollector(setup)) {
            log("storm: %,d traps, %s, %d clients polling every %d ms", sizes.stormTraps(), stormCount(),
                    sizes.stormClients(), sizes.stormPollMillis());
            StormBenchmark.Result storm = StormBenchmark.run(trapFile, tomcat.address(), sizes.stormTraps(),
                    sizes.stormWarmUps(), sizes.storms(), sizes.stormClients(), sizes.stormPollMillis());
            logStorm("storm", storm);
        }
        kernelLogStorms(setup.work(), setup.tree(), setup.collectorOptions(), setup.bodies());
        log("load average %.2f at the end", Machine.loadAverage());
    }

    /** What a collector of the suite starts with: the work folder, the Lustre tree, a trap file, the bodies' folder. */
    private record Setup(Path work, Path tree, Path trapFile, Path bodies) {
        Map<String, String> collectorOptions() {
            return BenchmarkSuite.collectorOptions(trapFile, tree);
        }
    }

    /** Logs the load and what runs, and prepares what its collector starts with. */
    private Setup setUp(String what) throws IOException {
        Path work = options.work();
        Files.createDirectories(work);
        log("load average %.2f; %s", Machine.loadAverage(), what);
        return new Setup(work, lustreTree(work), trickledTrapFile(work), Files.createDirectories(work.resolve("bodies")));
    }

    /** The collector's own Tomcat on a free port, started as {@link #run} starts it, once it answers. */
    private BenchTomcat startCollector(Setup setup) throws IOException, InterruptedException {
        int port = freePort();
        log("collector: starting Tomcat on 127.0.0.1:%d", port);
        BenchTomcat tomcat = BenchTomcat.start(options.project(), setup.work().resolve("tomcat-base"), port,
                setup.collectorOptions(), setup.bodies(), jfrFile("collector.jfr"));
        try {
            awaitCollectorReady(new URL("http://127.0.0.1:" + port + "/"));
        } catch (RuntimeException e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    /** The JFR recording file of {@code --jfr}, or null without it. */
    private Path jfrFile(String name) {
        return options.jfr() ? options.work().resolve(name) : null;
    }

    private static Map<String, String> collectorOptions(Path trapFile, Path tree) {
        return Map.of("trapfile", trapFile.toString(), "trapfilemode", "regular",
                "maxtraps", "250", "lustreroot", tree.toString(), "interval", "5s",
                "maxwait", WaitersBenchmark.WAIT_SECONDS + "s");
    }

    private WaitersBenchmark.Result waiters(Path trapFile, BenchTomcat tomcat) throws IOException, InterruptedException {
        WaitersBenchmark.Sizes w = sizes.waiters();
        log("waiters: %,d waitTraps clients on one thread; %d samples, %d s idle, a %,d-trap storm, then %,d monitors "
                + "polling every %d s for %d s", w.waiters(), w.samples(), w.idleSeconds(), w.stormTraps(), w.waiters(),
                w.monitorEverySeconds(), w.monitorSeconds());
        WaitersBenchmark.Result waiters = WaitersBenchmark.run(trapFile, tomcat.address(), tomcat.pid(), w);
        log("waiters: write → answer p50 %.2f ms, p99 %.2f ms, collector CPU %.1f µs an answer; threads %d → %d; "
                + "idle %.2f %% of one core, with waiters %.2f %%", waiters.writeToAnswer().p50Ms(), waiters.writeToAnswer().p99Ms(),
                waiters.cpuMicrosPerAnswer(), waiters.threads().noWaiters(),
                waiters.threads().waiting(), waiters.idle().percentNoWaiters(), waiters.idle().percentWaiting());
        log("waiters: storm all answered in %.0f ms, answers per waiter %d..%d for %d batches, getTraps p99 %.2f ms",
                waiters.storm().allAnsweredSeconds() * 1000, waiters.storm().minAnswers(), waiters.storm().maxAnswers(),
                waiters.storm().batchesSeen(), waiters.storm().getTraps().p99Ms());
        log("waiters: monitors %,.0f req/s, %.2f %% of one core", waiters.monitors().requestsPerSecond(),
                waiters.monitors().percentOfOneCore());
        return waiters;
    }

    /**
     * The storm's losses as console lines in the kernel log of a collector of its own (same options and tree,
     * plus {@code kernellog}), once with outage grouping off ({@code outagewindow = 0}) and once on (the
     * default), one after the other in this run; each storm's connections are restored, untimed, before the
     * next. Before that, each of the two collectors meets the trap file's storm, so that the storm target is
     * measured with grouping off and on in one run. Returns all four and the network outages getOutages lists
     * after each kernel-log series.
     */
    private Results.KernelLogStorms kernelLogStorms(Path work, Path tree, Map<String, String> collectorOptions,
                                                    Path bodies) throws Exception {
        StormBenchmark.Result[] results = new StormBenchmark.Result[2];
        StormBenchmark.Result[] trapFileStorms = new StormBenchmark.Result[2];
        int[] outages = new int[2];
        for (int on = 0; on < 2; on++) {
            String window = on == 1 ? ConfigOptions.OUTAGEWINDOW.defaultText() : "0";
            Path kernelLog = work.resolve("collector-kernellog/kern.log");
            Files.createDirectories(kernelLog.getParent());
            Files.deleteIfExists(kernelLog);
            Files.createFile(kernelLog);
            Map<String, String> withKernelLog = new java.util.LinkedHashMap<>(collectorOptions);
            withKernelLog.put("kernellog", kernelLog.toString());
            if (on == 0) {
                withKernelLog.put("outagewindow", window);
            }
            int port = freePort();
            String label = on == 1 ? "grouping on (default outagewindow " + window + ")" : "grouping off (outagewindow 0)";
            log("storm in the kernel log, %s: collector on 127.0.0.1:%d; %,d lost connections at %d servers, %s",
                    label, port, sizes.stormTraps(), Math.min(StormLines.SERVERS, sizes.osts()), stormCount());
            try (BenchTomcat tomcat = BenchTomcat.start(options.project(), work.resolve("tomcat-base-kernellog"), port,
                    withKernelLog, bodies, jfrFile("collector-kernellog-" + on + ".jfr"))) {
                URL url = new URL("http://127.0.0.1:" + port + "/");
                XmlRpcClient client = xmlRpc(url);
                Awaitility.await("collector with a kernel log holding " + sizes.fileSystems() + " filesystems")
                        .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> ((Object[]) client.execute("getFileSystems", new Object[0])).length == sizes.fileSystems());
                int traps = sizes.stormTraps();
                trapFileStorms[on] = StormBenchmark.run(Path.of(collectorOptions.get("trapfile")), tomcat.address(), traps,
                        sizes.stormWarmUps(), sizes.storms(), sizes.stormClients(), sizes.stormPollMillis());
                logStorm("storm in the trap file, " + label, trapFileStorms[on]);
                results[on] = StormBenchmark.run(kernelLog, tomcat.address(), traps, sizes.stormWarmUps(), sizes.storms(),
                        sizes.stormClients(),
                        sizes.stormPollMillis(), storm -> StormLines.consoleLost(traps, System.currentTimeMillis() / 1000),
                        storm -> StormLines.consoleRestored(traps, System.currentTimeMillis() / 1000));
                for (Object outage : (Object[]) client.execute("getOutages", new Object[0])) {
                    if ("network".equals(((Map<?, ?>) outage).get("kind"))) {
                        outages[on]++;
                    }
                }
            }
            logStorm("storm in the kernel log, " + label, results[on]);
            log("storm in the kernel log, %s: %d network outages listed", label, outages[on]);
        }
        return new Results.KernelLogStorms(results[0], results[1], outages[0], outages[1], trapFileStorms[0],
                trapFileStorms[1]);
    }

    /** The fixture tree of {@code fileSystems × osts}, written once and kept (100 × 1,000 takes about a minute). */
    private Path lustreTree(Path work) throws IOException {
        Path root = work.resolve("lustre-" + sizes.fileSystems() + "x" + sizes.osts());
        if (!Files.exists(root.resolve("done"))) {
            log("writing the Lustre fixture tree %d × %,d (once)", sizes.fileSystems(), sizes.osts());
            BenchTomcat.deleteTree(root);
            LustreTreeWriter fixture = LustreTreeWriter.at(root, TreeLayout.V2_15).withDebugfs(false).linkIdenticalContent();
            for (int i = 0; i < sizes.fileSystems(); i++) {
                fixture.fileSystem(StormLines.fileSystem(i), sizes.osts());
            }
            fixture.write();
            Files.writeString(root.resolve("done"), "");
        }
        return root;
    }

    /** Until the 250 traps are stored and the first scan found every filesystem of the tree. */
    private void awaitCollectorReady(URL url) {
        XmlRpcClient client = xmlRpc(url);
        Awaitility.await("collector holding 250 traps and " + sizes.fileSystems() + " filesystems")
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> ((Object[]) ((Object[]) client.execute("getTraps", new Object[] {0}))[0]).length == 250
                        && ((Object[]) client.execute("getFileSystems", new Object[0])).length == sizes.fileSystems());
    }

    /**
     * The collector's own answers, byte for byte, become the fixed-body servlet's bodies, and its traps the
     * Python references' data. Returns the request body file of each answer.
     */
    private static Path[] prepareAnswers(InetSocketAddress collector, URL url, Path bodies, Path requestFolder,
                                         Path trapsJson) throws IOException, XmlRpcException {
        Path[] requests = new Path[Answer.values().length];
        try (KeepAliveClient client = new KeepAliveClient(collector, "/")) {
            for (Answer answer : Answer.values()) {
                byte[] request = XmlRpcCalls.getTraps(answer.since);
                requests[answer.ordinal()] = requestFolder.resolve(answer.file + ".xml");
                Wrk.writeBody(requests[answer.ordinal()], request);
                Files.write(bodies.resolve(answer.file), client.post(request));
            }
        }
        Object[] answer = (Object[]) xmlRpc(url).execute("getTraps", new Object[] {0});
        new ObjectMapper().writeValue(trapsJson.toFile(), Map.of("traps", answer[0], "received", answer[1]));
        return requests;
    }

    private List<ReferenceServer> startReferences(Path work, List<String> notes) throws IOException {
        List<ReferenceServer> started = new ArrayList<>();
        Path script = options.project().resolve("src/bench/reference_server.py");
        for (ReferenceServer.Kind kind : ReferenceServer.Kind.values()) {
            var python = ReferenceServer.python(kind);
            if (python.isEmpty()) {
                notes.add(kind.label + ": not run, no Python here imports " + kind.module
                        + (kind == ReferenceServer.Kind.TWISTED ? " (Debian: apt-get install python3-twisted)" : ""));
                continue;
            }
            try {
                started.add(ReferenceServer.start(kind, python.get(), script, work.resolve("traps.json"), freePort(),
                        work.resolve(kind.label + ".log")));
            } catch (IOException e) {
                started.forEach(ReferenceServer::close);
                throw e;
            }
        }
        return started;
    }

    /** A reference that answered differently would not be a comparison: same rows as the collector, or stop. */
    private static void checkSameAnswer(URL collector, URL reference, String label) throws XmlRpcException {
        Object collectorRows = ((Object[]) xmlRpc(collector).execute("getTraps", new Object[] {0}))[0];
        Object referenceRows = ((Object[]) xmlRpc(reference).execute("getTraps", new Object[] {0}))[0];
        if (!java.util.Arrays.deepEquals((Object[]) collectorRows, (Object[]) referenceRows)) {
            throw new IllegalStateException(label + " answers getTraps(0) with other traps than the collector");
        }
        Object empty = ((Object[]) xmlRpc(reference).execute("getTraps", new Object[] {XmlRpcCalls.FUTURE}))[0];
        if (((Object[]) empty).length != 0) {
            throw new IllegalStateException(label + " answers getTraps(" + XmlRpcCalls.FUTURE + ") with traps");
        }
    }

    private static XmlRpcClient xmlRpc(URL url) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(url);
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        return client;
    }

    private static String measurementsText(Results results) {
        StringBuilder out = new StringBuilder();
        results.measurements().forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
        return out.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** "1 cold + 4 warm-up + 5 measured storms". */
    private String stormCount() {
        return "1 cold + " + sizes.stormWarmUps() + " warm-up + " + sizes.storms() + " measured storms";
    }

    private static void logStorm(String what, StormBenchmark.Result r) {
        log("%s: median %.0f ms, worst %.0f ms, getTraps p99 %.2f ms; every storm (ms): %s; getStatus answer %,d bytes",
                what, r.medianSeconds() * 1000, r.maxSeconds() * 1000, r.getTraps().p99Ms(), r.series(), r.probeBytes());
    }

    private static void log(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
