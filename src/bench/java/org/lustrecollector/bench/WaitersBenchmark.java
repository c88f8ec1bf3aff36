package org.lustrecollector.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting clients: {@code waiters} waitTraps calls held open at once on as many keep-alive connections, all
 * driven by one thread ({@link MultiplexedClients}), against the collector's Tomcat. In order:
 * <ol>
 * <li>write → answer: after {@code warmUpSamples} untimed ones, each sample arms every waiter with
 * waitTraps(S, {@link #WAIT_SECONDS}), S a collector second no stored trap was received in, waits until
 * getStatus counts them all waiting, then appends one line to the trap file; each waiter's latency is from
 * the write to its whole answer read;</li>
 * <li>threads and idle CPU: after {@code settleSeconds}, the collector JVM's thread count (/proc/PID/status)
 * and utime + stime over {@code idleSeconds}, first with no waiter, then with every waiter waiting (after the
 * same settling once they are armed); a window of many scan intervals, since one Lustre scan more or less in
 * a short window is a large share of it;</li>
 * <li>storm: with every waiter waiting, {@code stormTraps} storm lines in one write; each waiter passes its
 * answer's timestamp back at once (as api.md's loop does), and every answer is counted: how many each waiter
 * got, how many brought traps newer than its last, how many distinct batches were seen, and when each waiter
 * had the storm's last trap. Meanwhile one keep-alive connection calls getTraps(0) every
 * {@code pollEveryMillis}; its calls that overlap the storm are kept. Then one more line answers every
 * waiter, which does not call again;</li>
 * <li>for comparison, as many monitors polling getTraps(their last timestamp) every {@code monitorEverySeconds},
 * spread evenly over the interval, for {@code monitorSeconds}: requests per second, their latency and the
 * collector JVM's CPU.</li>
 * </ol>
 */
final class WaitersBenchmark {
    /**
     * The seconds each waitTraps call asks for, and the suite's collectors' maxwait: the most maxwait takes,
     * longer than any phase here (the idle phase keeps every waiter waiting for its settling and 60 s window).
     */
    static final int WAIT_SECONDS = 600;

    /** @param warmUpSamples write → answer samples run first and not kept: the async path's JIT warms up */
    record Sizes(int waiters, int warmUpSamples, int samples, int settleSeconds, int idleSeconds, int stormTraps, int pollEveryMillis,
                 int monitorEverySeconds, int monitorSeconds) {
    }

    /** The collector JVM's threads with no waiter, with all waiting, and after the idle measurement with them. */
    record Threads(int noWaiters, int waiting, int waitingAfterIdle) {
    }

    /** The collector JVM's CPU seconds over {@code seconds}, without and with the waiters. */
    record Idle(double seconds, double cpuNoWaiters, double cpuWaiting) {
        double percentNoWaiters() {
            return cpuNoWaiters / seconds * 100;
        }

        double percentWaiting() {
            return cpuWaiting / seconds * 100;
        }
    }

    /**
     * @param allAnsweredSeconds from the write until the last waiter had the storm's last trap
     * @param caughtUp           waiters that had the storm's last trap
     * @param answers            answers to all waiters, from the write until they all waited again
     * @param batchesSeen        distinct newest traps among all answers: batches the waiters saw
     */
    record Storm(int traps, double allAnsweredSeconds, int caughtUp, long answers, int minAnswers, int maxAnswers,
                 int minFresh, int maxFresh, int batchesSeen, int pollEveryMillis, Latencies getTraps) {
    }

    record Monitors(int monitors, int everySeconds, double seconds, long answers, int late, double cpuSeconds,
                    Latencies latency) {
        double requestsPerSecond() {
            return answers / seconds;
        }

        double percentOfOneCore() {
            return cpuSeconds / seconds * 100;
        }
    }

    /**
     * @param writeToAnswerCpuSeconds the collector JVM's CPU from each write until its last waiter was
     *                                answered, summed over the samples: less disturbed by other load than the
     *                                latencies
     */
    record Result(int waiters, int warmUpSamples, int samples, Latencies writeToAnswer, double writeToAnswerCpuSeconds, Threads threads,
                  Idle idle, Storm storm, Monitors monitors) {
        /** The collector's CPU per waiter answered in the write → answer samples, in microseconds. */
        double cpuMicrosPerAnswer() {
            return writeToAnswerCpuSeconds / ((double) waiters * samples) * 1e6;
        }
    }

    private final Path trapFile;
    private final InetSocketAddress collector;
    private final long pid;
    private final Sizes sizes;
    private final ProcessStats stats;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    /** What the benchmark's current phase does with each answer, on the clients' thread. */
    private volatile Phase phase;

    @FunctionalInterface
    private interface Phase {
        void answered(int client, long nanoTime, String body);
    }

    private WaitersBenchmark(Path trapFile, InetSocketAddress collector, long pid, Sizes sizes) throws IOException,
            InterruptedException {
        this.trapFile = trapFile;
        this.collector = collector;
        this.pid = pid;
        if (sizes.settleSeconds() + sizes.idleSeconds() + 10 >= WAIT_SECONDS) {
            throw new IllegalArgumentException("settling and the idle window (" + sizes.settleSeconds() + " + "
                    + sizes.idleSeconds() + " s) must end well before the waiters' " + WAIT_SECONDS + " s wait is up");
        }
        this.sizes = sizes;
        this.stats = new ProcessStats();
    }

    static Result run(Path trapFile, InetSocketAddress collector, long pid, Sizes sizes)
            throws IOException, InterruptedException {
        return new WaitersBenchmark(trapFile, collector, pid, sizes).run();
    }

    private Result run() throws IOException, InterruptedException {
        MultiplexedClients.Listener dispatch = new MultiplexedClients.Listener() {
            @Override
            public void answered(int client, long nanoTime, String body) {
                phase.answered(client, nanoTime, body);
            }

            @Override
            public void failed(int client, IOException error) {
                failure.compareAndSet(null, new IOException("waiting client " + client + " failed", error));
            }
        };
        try (KeepAliveClient status = new KeepAliveClient(collector, "/");
             MultiplexedClients clients = new MultiplexedClients(collector, "/", sizes.waiters(), dispatch)) {
            double[] writeToAnswerCpu = new double[1];
            Latencies writeToAnswer = writeToAnswer(status, clients, writeToAnswerCpu);

            TimeUnit.SECONDS.sleep(sizes.settleSeconds());
            int threadsNoWaiters = ProcessStats.threads(pid);
            double cpuNoWaiters = cpuOver(sizes.idleSeconds());
            AtomicInteger answered = new AtomicInteger();
            phase = (client, at, body) -> answered.incrementAndGet();
            arm(status, clients);
            int threadsWaiting = ProcessStats.threads(pid);
            // the same settling as without waiters: the arming calls' compilations and collections end first
            TimeUnit.SECONDS.sleep(sizes.settleSeconds());
            double cpuWaiting = cpuOver(sizes.idleSeconds());
            int threadsAfterIdle = ProcessStats.threads(pid);
            if (answered.get() != 0 || waiting(status) != sizes.waiters()) {
                throw new IOException("waiters answered while idle: " + answered.get() + ", waiting "
                        + waiting(status) + " of " + sizes.waiters());
            }
            Threads threads = new Threads(threadsNoWaiters, threadsWaiting, threadsAfterIdle);
            Idle idle = new Idle(sizes.idleSeconds(), cpuNoWaiters, cpuWaiting);

            Storm storm = storm(status, clients);
            Monitors monitors = monitors(status, clients);
            return new Result(sizes.waiters(), sizes.warmUpSamples(), sizes.samples(), writeToAnswer, writeToAnswerCpu[0], threads, idle, storm,
                    monitors);
        }
    }

    /**
     * Phase 1: per sample, every waiter armed, one line written, each waiter's write-to-answer time; the
     * collector's CPU from the writes until their last answers goes into {@code cpuSeconds[0]}.
     */
    private Latencies writeToAnswer(KeepAliveClient status, MultiplexedClients clients, double[] cpuSeconds)
            throws IOException, InterruptedException {
        int n = sizes.waiters();
        long[] nanos = new long[n * sizes.samples()];
        SplittableRandom random = new SplittableRandom(13);
        String prefix = "wait-" + System.nanoTime() + "-";
        int warmUps = sizes.warmUpSamples();
        for (int round = 0; round < warmUps + sizes.samples(); round++) {
            boolean kept = round >= warmUps;
            int sample = kept ? round - warmUps : round;
            // The end mark keeps sample 1 from matching sample 10.
            String id = prefix + round + "-end";
            AtomicInteger answered = new AtomicInteger();
            AtomicLong written = new AtomicLong();
            long[] times = kept ? nanos : new long[n];
            int offset = kept ? sample * n : 0;
            phase = (client, at, body) -> {
                if (!body.contains(id)) {
                    failure.compareAndSet(null, new IOException("waiter " + client + " answered without trap " + id));
                }
                times[offset + client] = at - written.get();
                answered.incrementAndGet();
            };
            arm(status, clients);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5 + random.nextInt(21)));
            byte[] line = StormLines.line(id, System.currentTimeMillis() / 1000, round);
            double cpu0 = stats.cpuSeconds(pid);
            written.set(System.nanoTime());
            TrapFileAppender.append(trapFile, line);
            await("every waiter answered with trap " + id, 30, () -> answered.get() == n);
            if (kept) {
                cpuSeconds[0] += stats.cpuSeconds(pid) - cpu0;
            }
            long[] these = Arrays.copyOfRange(times, offset, offset + n);
            Arrays.sort(these);
            System.out.printf("bench: waiters: %s %d: first %.1f ms, median %.1f ms, last %.1f ms%n",
                    kept ? "sample" : "warm-up sample", sample, these[0] / 1e6, these[n / 2] / 1e6, these[n - 1] / 1e6);
        }
        return Latencies.ofNanos(nanos, nanos.length);
    }

    /** Phase 3: a storm with every waiter waiting, each calling again at once with its answer's timestamp. */
    private Storm storm(KeepAliveClient status, MultiplexedClients clients) throws IOException, InterruptedException {
        int n = sizes.waiters();
        int traps = sizes.stormTraps();
        String prefix = "wstorm-" + System.nanoTime() + "-";
        AtomicIntegerArray answers = new AtomicIntegerArray(n);
        AtomicIntegerArray fresh = new AtomicIntegerArray(n);
        int[] newest = new int[n];
        Arrays.fill(newest, -1);
        AtomicLongArray caughtUpAt = new AtomicLongArray(n);
        AtomicInteger caughtUp = new AtomicInteger();
        Set<Integer> batches = ConcurrentHashMap.newKeySet();
        AtomicBoolean again = new AtomicBoolean(true);
        AtomicInteger released = new AtomicInteger();
        String releaseId = prefix + "release";
        phase = (client, at, body) -> {
            if (!again.get()) {
                if (!body.contains(releaseId)) {
                    failure.compareAndSet(null, new IOException("waiter " + client + " answered without " + releaseId));
                }
                released.incrementAndGet();
                return;
            }
            answers.incrementAndGet(client);
            int last = newestIndex(body, prefix);
            if (last > newest[client]) {
                newest[client] = last;
                fresh.incrementAndGet(client);
                batches.add(last);
                if (last == traps - 1 && caughtUpAt.get(client) == 0) {
                    caughtUpAt.set(client, at);
                    caughtUp.incrementAndGet();
                }
            }
            try {
                clients.send(client, XmlRpcCalls.waitTraps(XmlRpcCalls.timestamp(body), WAIT_SECONDS));
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        };
        byte[] lines = StormLines.storm(prefix, traps, System.currentTimeMillis() / 1000);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StormBenchmark.Calls> poller = pool.submit(
                    () -> StormBenchmark.callGetTraps(collector, stop, sizes.pollEveryMillis()));
            long t0 = System.nanoTime();
            TrapFileAppender.append(trapFile, lines);
            await("every waiter answered with the storm's last trap", 120, () -> caughtUp.get() == n);
            long end = 0;
            for (int c = 0; c < n; c++) {
                end = Math.max(end, caughtUpAt.get(c));
            }
            stop.set(true);
            StormBenchmark.Calls calls = poller.get();
            long[] overlapping = new long[calls.count];
            int count = 0;
            for (int i = 0; i < calls.count; i++) {
                if (calls.starts[i] < end && calls.starts[i] + calls.durations[i] > t0) {
                    overlapping[count++] = calls.durations[i];
                }
            }
            // Waiters answered in the storm's last second call again and are answered at once until the
            // collector's second turns; the count is complete when all wait again.
            await("every waiter waiting again after the storm", 30, () -> waitingQuietly(status) == n);
            long total = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            int minFresh = Integer.MAX_VALUE;
            int maxFresh = 0;
            for (int c = 0; c < n; c++) {
                total += answers.get(c);
                min = Math.min(min, answers.get(c));
                max = Math.max(max, answers.get(c));
                minFresh = Math.min(minFresh, fresh.get(c));
                maxFresh = Math.max(maxFresh, fresh.get(c));
            }
            Storm storm = new Storm(traps, (end - t0) / 1e9, caughtUp.get(), total, min, max, minFresh, maxFresh,
                    batches.size(), sizes.pollEveryMillis(), Latencies.ofNanos(overlapping, count));

            again.set(false);
            TrapFileAppender.append(trapFile, StormLines.line(releaseId, System.currentTimeMillis() / 1000, 0));
            await("every waiter answered with " + releaseId, 30, () -> released.get() == n);
            return storm;
        } catch (ExecutionException e) {
            throw new IOException("the getTraps poller failed during the storm", e.getCause());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /** Phase 4: the same number of monitors polling getTraps(last timestamp) at a fixed interval. */
    private Monitors monitors(KeepAliveClient status, MultiplexedClients clients)
            throws IOException, InterruptedException {
        int n = sizes.waiters();
        long interval = TimeUnit.SECONDS.toNanos(sizes.monitorEverySeconds());
        long duration = TimeUnit.SECONDS.toNanos(sizes.monitorSeconds());
        long calls = duration * n / interval;
        int since = collectorNow(status);
        AtomicIntegerArray sinceOf = new AtomicIntegerArray(n);
        for (int c = 0; c < n; c++) {
            sinceOf.set(c, since);
        }
        AtomicLongArray sentAt = new AtomicLongArray(n);
        AtomicIntegerArray inFlight = new AtomicIntegerArray(n);
        long[] nanos = new long[(int) calls];
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        phase = (client, at, body) -> {
            try {
                sinceOf.set(client, XmlRpcCalls.timestamp(body));
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
            int k = taken.getAndIncrement();
            if (k < nanos.length) {
                nanos[k] = at - sentAt.get(client);
            }
            inFlight.set(client, 0);
            answered.incrementAndGet();
        };
        int late = 0;
        long sent = 0;
        double cpu0 = stats.cpuSeconds(pid);
        long start = System.nanoTime();
        for (long k = 0; k < calls; k++) {
            long due = start + k * interval / n;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int client = (int) (k % n);
            if (inFlight.get(client) != 0) {
                late++;
                continue;
            }
            inFlight.set(client, 1);
            sentAt.set(client, System.nanoTime());
            clients.send(client, XmlRpcCalls.getTraps(sinceOf.get(client)));
            sent++;
            checkFailure();
        }
        long sentAll = sent;
        await("every monitor answered", 30, () -> answered.get() == sentAll);
        double seconds = Math.max(duration, System.nanoTime() - start) / 1e9;
        double cpu = stats.cpuSeconds(pid) - cpu0;
        return new Monitors(n, sizes.monitorEverySeconds(), seconds, answered.get(), late, cpu,
                Latencies.ofNanos(nanos, Math.min(answered.get(), nanos.length)));
    }

    /**
     * Arms every waiter with waitTraps(S), S a collector second after the newest stored trap, and returns
     * once getStatus counts them all waiting.
     */
    private void arm(KeepAliveClient status, MultiplexedClients clients) throws IOException, InterruptedException {
        int since = quietSecond(status);
        byte[] request = XmlRpcCalls.waitTraps(since, WAIT_SECONDS);
        for (int c = 0; c < clients.count(); c++) {
            clients.send(c, request);
        }
        int n = clients.count();
        await(n + " waiters waiting", 60, () -> waitingQuietly(status) == n);
    }

    /** The collector's current second once no stored trap was received in it (the next second, at most). */
    private int quietSecond(KeepAliveClient status) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            int now = collectorNow(status);
            int newest = XmlRpcCalls.timestamp(status.postText(XmlRpcCalls.getLastTimestamp()));
            if (newest < now) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the collector's clock stays at its newest trap's second " + newest);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static int collectorNow(KeepAliveClient status) throws IOException {
        return XmlRpcCalls.timestamp(status.postText(XmlRpcCalls.getTraps(XmlRpcCalls.FUTURE)));
    }

    private static int waiting(KeepAliveClient status) throws IOException {
        return XmlRpcCalls.waiting(status.postText(XmlRpcCalls.getStatus()));
    }

    private int waitingQuietly(KeepAliveClient status) {
        try {
            return waiting(status);
        } catch (IOException e) {
            failure.compareAndSet(null, e);
            return -1;
        }
    }

    /** The collector JVM's CPU seconds over the next {@code seconds}. */
    private double cpuOver(int seconds) throws IOException, InterruptedException {
        double cpu0 = stats.cpuSeconds(pid);
        TimeUnit.SECONDS.sleep(seconds);
        return stats.cpuSeconds(pid) - cpu0;
    }

    /** The index of the newest storm trap in an answer (its ids are {@code prefix + index}), -1 for none. */
    private static int newestIndex(String body, String prefix) {
        int at = body.lastIndexOf(prefix);
        if (at < 0) {
            return -1;
        }
        int from = at + prefix.length();
        int to = from;
        while (to < body.length() && Character.isDigit(body.charAt(to))) {
            to++;
        }
        return to == from ? -1 : Integer.parseInt(body, from, to, 10);
    }

    /** Polls {@code condition} every 10 ms until it holds; fails after {@code seconds} or on a client's failure. */
    private void await(String what, int seconds, BooleanSupplier condition) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            checkFailure();
            if (System.nanoTime() > deadline) {
                throw new IOException("not within " + seconds + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        checkFailure();
    }

    private void checkFailure() throws IOException {
        IOException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
