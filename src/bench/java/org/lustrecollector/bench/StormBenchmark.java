package org.lustrecollector.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Storm: {@code traps} lines appended to the collector's regular trap file in one write, as when a router
 * fails; the time from the write until the collector's getStatus counts all of them as received (which is
 * when they are in the store and visible to getTraps), polled every {@link #PROBE_EVERY_MILLIS} ms. A
 * getStatus answer is a struct of per-filesystem counters, 40 KB or more once a storm has touched 100
 * filesystems, so a probe polled much more often is itself a load the storm shares the cores with.
 * Meanwhile {@code clients} keep-alive connections call getTraps(0), each every {@code pollEveryMillis} (a
 * fixed rate; 0: back to back); the latencies of the calls that overlap the measured storms are kept. Back
 * to back, the pollers take whatever CPU the collector thread leaves, so the faster getTraps is, the more
 * calls they make during a storm and the longer it takes: the target is judged at a fixed rate
 * (docs/benchmarks.md, "How the suite measures"). The first storm meets a collector thread whose code is
 * not compiled yet and is reported apart (cold); the next {@code warmUps} are run and logged but not
 * counted, because the JIT goes on compiling the storm's paths for several storms after a start
 * (docs/benchmarks.md, "Storm: warm-up storms").
 */
final class StormBenchmark {

    /** How often the probe asks getStatus whether all of a storm's traps were received. */
    static final int PROBE_EVERY_MILLIS = 5;

    /**
     * @param warmUpSeconds the storms after the cold one that were run but not counted, in order
     * @param seconds       the measured storms, in order
     * @param probeBytes    the size of a getStatus answer after the storms
     */
    record Result(int traps, double coldSeconds, int storms,
                  int clients, int pollEveryMillis, Latencies getTraps, List<Double> warmUpSeconds,
                  List<Double> seconds, int probeBytes) {
        Result {
            warmUpSeconds = List.copyOf(warmUpSeconds);
            seconds = List.copyOf(seconds);
        }

        double medianSeconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray()[seconds.size() / 2];
        }

        double maxSeconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        /** Every storm's time in ms, in order: "cold 798; warm-up 269 152; measured 209 240 158". */
        String series() {
            return String.format(java.util.Locale.ROOT, "cold %.0f; warm-up %s; measured %s", coldSeconds * 1000,
                    millis(warmUpSeconds), millis(seconds));
        }

        private static String millis(List<Double> s) {
            return s.isEmpty() ? "none" : String.join(" ", s.stream().map(x -> String.valueOf(Math.round(x * 1000))).toList());
        }
    }

    /** One client's calls: when each started and how long it took, nanoseconds. */
    static final class Calls {
        long[] starts = new long[1 << 14];
        long[] durations = new long[1 << 14];
        int count;

        void add(long start, long duration) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                durations = Arrays.copyOf(durations, count * 2);
            }
            starts[count] = start;
            durations[count++] = duration;
        }
    }

    private StormBenchmark() {
    }

    static Result run(Path trapFile, InetSocketAddress collector, int traps, int warmUps, int storms, int clients,
                      int pollEveryMillis) throws IOException, InterruptedException {
        return run(trapFile, collector, traps, warmUps, storms, clients, pollEveryMillis,
                storm -> StormLines.storm("storm-" + System.nanoTime() + "-", traps, System.currentTimeMillis() / 1000),
                null);
    }

    /**
     * The same with the lines of each storm from {@code lines} appended to {@code file}, and, when
     * {@code afterEach} is not null, its lines appended after each storm and awaited untimed (the kernel log's
     * restored connections, so that the next storm is a new outage); each of them is a trap too.
     */
    static Result run(Path file, InetSocketAddress collector, int traps, int warmUps, int storms, int clients,
                      int pollEveryMillis, IntFunction<byte[]> lines, IntFunction<byte[]> afterEach)
            throws IOException, InterruptedException {
        double cold = 0;
        List<Double> warmUpSeconds = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        long[] overlapping = new long[0];
        int overlappingCount = 0;
        int probeBytes;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (KeepAliveClient status = new KeepAliveClient(collector, "/")) {
            for (int storm = 0; storm <= warmUps + storms; storm++) {
                byte[] stormLines = lines.apply(storm);
                long expected = XmlRpcCalls.received(status.postText(XmlRpcCalls.getStatus())) + traps;

                AtomicBoolean stop = new AtomicBoolean();
                List<Future<Calls>> load = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    load.add(pool.submit(() -> callGetTraps(collector, stop, pollEveryMillis)));
                }
                long t0 = System.nanoTime();
                TrapFileAppender.append(file, stormLines);
                long end = awaitReceived(status, expected, t0, stop);
                stop.set(true);
                if (afterEach != null) {
                    long before = XmlRpcCalls.received(status.postText(XmlRpcCalls.getStatus()));
                    byte[] after = afterEach.apply(storm);
                    TrapFileAppender.append(file, after);
                    awaitReceived(status, before + traps, System.nanoTime(), stop);
                }
                double took = (end - t0) / 1e9;
                boolean measured = storm > warmUps;
                for (Future<Calls> f : load) {
                    Calls calls = f.get();
                    for (int i = 0; measured && i < calls.count; i++) {
                        if (calls.starts[i] < end && calls.starts[i] + calls.durations[i] > t0) {
                            if (overlappingCount == overlapping.length) {
                                overlapping = Arrays.copyOf(overlapping, Math.max(1024, overlappingCount * 2));
                            }
                            overlapping[overlappingCount++] = calls.durations[i];
                        }
                    }
                }
                if (storm == 0) {
                    cold = took;
                } else if (!measured) {
                    warmUpSeconds.add(took);
                } else {
                    seconds.add(took);
                }
            }
            probeBytes = status.post(XmlRpcCalls.getStatus()).length;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("a getTraps client failed during the storm", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(traps, cold, storms, clients,
                pollEveryMillis, Latencies.ofNanos(overlapping, overlappingCount), warmUpSeconds, seconds, probeBytes);
    }

    /** Polls getStatus every {@link #PROBE_EVERY_MILLIS} ms until {@code expected} traps were received; the time it saw them. */
    private static long awaitReceived(KeepAliveClient status, long expected, long t0, AtomicBoolean stop)
            throws IOException {
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            long received = XmlRpcCalls.received(status.postText(XmlRpcCalls.getStatus()));
            long end = System.nanoTime();
            if (received >= expected) {
                return end;
            }
            if (end > deadline) {
                stop.set(true);
                throw new IOException("storm not processed within 120 s: " + received + " of " + expected);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PROBE_EVERY_MILLIS));
        }
    }

    /** getTraps(0) on one keep-alive connection every {@code pollEveryMillis} (0: back to back) until {@code stop}. */
    static Calls callGetTraps(InetSocketAddress collector, AtomicBoolean stop, int pollEveryMillis)
            throws IOException {
        Calls calls = new Calls();
        byte[] request = XmlRpcCalls.getTraps(0);
        long interval = TimeUnit.MILLISECONDS.toNanos(pollEveryMillis);
        try (KeepAliveClient client = new KeepAliveClient(collector, "/")) {
            long next = System.nanoTime();
            while (!stop.get()) {
                long start = System.nanoTime();
                client.post(request);
                calls.add(start, System.nanoTime() - start);
                // Fixed rate: a late call is followed by the next one at once, not skipped.
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        return calls;
    }
}
