package org.lustrecollector.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * Polls many collectors at once with a small pool of threads. A collector whose call is still running is
 * not polled again until it ends (every call has a timeout), so a slow collector holds one thread and
 * delays nobody: {@link #round} hands over whatever came by its deadline, the rest comes in a later round.
 *
 * <p>Live ({@link #next}, with a wait): collectors that have waitTraps are asked to wait up to that long for
 * traps and are asked again as soon as they answer; the others, and a collector whose call failed, are polled
 * again one wait after their last call started.
 */
final class Poller implements AutoCloseable {
    /** 200 collectors answering in a few milliseconds need no more; a hung one holds a thread until its timeout. */
    static final int MAX_THREADS = 16;

    private final List<CollectorClient> clients;
    private final ExecutorService pool;
    private final Set<Collector> inFlight = new HashSet<>();
    private final BlockingQueue<PollResult> done = new LinkedBlockingQueue<>();
    /** Answers within this of the first one are handed over with it, merged in time order. */
    private static final Duration MERGE_WINDOW = Duration.ofMillis(50);

    private final Duration wait;
    /** Per collector order: System.nanoTime() before which it is not polled again. */
    private final long[] dueAt;
    private final long[] startedAt;

    /** Polls with getTraps only. */
    Poller(List<CollectorClient> clients) {
        this(clients, Duration.ZERO);
    }

    /** @param wait how long a waitTraps call may wait; zero for getTraps only */
    Poller(List<CollectorClient> clients, Duration wait) {
        this.clients = List.copyOf(clients);
        this.pool = pool(clients.size());
        this.wait = wait;
        int orders = clients.stream().mapToInt(c -> c.collector().order() + 1).max().orElse(0);
        this.dueAt = new long[orders];
        this.startedAt = new long[orders];
    }

    /** Whether polls may wait for traps (waitTraps). */
    boolean live() {
        return !wait.isZero();
    }

    /**
     * Starts a poll of every collector that has none running and is due, then returns the results in by
     * {@code patience} from now: at least one unless none came, with those that followed within a moment.
     */
    List<PollResult> next(IntUnaryOperator since, Duration patience) throws InterruptedException {
        long now = System.nanoTime();
        long deadline = now + patience.toNanos();
        for (CollectorClient client : clients) {
            Collector c = client.collector();
            if (dueAt[c.order()] - now <= 0 && inFlight.add(c)) {
                int from = since.applyAsInt(c.order());
                startedAt[c.order()] = now;
                pool.execute(() -> done.add(poll(client, from, wait)));
            }
        }
        for (CollectorClient client : clients) {
            int order = client.collector().order();
            if (!inFlight.contains(client.collector()) && dueAt[order] - deadline < 0) {
                deadline = Math.max(now, dueAt[order]);
            }
        }
        List<PollResult> results = new ArrayList<>();
        PollResult first = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (first == null) {
            return results;
        }
        long mergeDeadline = System.nanoTime() + MERGE_WINDOW.toNanos();
        for (PollResult r = first; r != null;
             r = done.poll(Math.max(0, mergeDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            settle(r);
            results.add(r);
        }
        return results;
    }

    private void settle(PollResult r) {
        Collector c = r.collector();
        inFlight.remove(c);
        boolean again = r instanceof PollResult.Polled && clientOf(c).lastPollWaited();
        dueAt[c.order()] = again ? System.nanoTime() : startedAt[c.order()] + wait.toNanos();
    }

    private CollectorClient clientOf(Collector c) {
        for (CollectorClient client : clients) {
            if (client.collector().equals(c)) {
                return client;
            }
        }
        throw new IllegalArgumentException("not polled here: " + c);
    }

    /** At most {@link #MAX_THREADS} daemon threads: a call stuck in a read must not keep the JVM alive. */
    static ExecutorService pool(int collectors) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_THREADS, collectors)), task -> {
            Thread t = new Thread(task, "lustre-monitor-poll-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a poll of every collector that has none running, from the time {@code since} gives for its
     * order, and returns the results that are in by {@code wait} from now, or sooner when none is running.
     */
    List<PollResult> round(IntUnaryOperator since, Duration wait) throws InterruptedException {
        for (CollectorClient client : clients) {
            Collector c = client.collector();
            if (inFlight.add(c)) {
                int from = since.applyAsInt(c.order());
                pool.execute(() -> done.add(poll(client, from)));
            }
        }
        List<PollResult> results = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (!inFlight.isEmpty()) {
            PollResult r = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) {
                break;
            }
            inFlight.remove(r.collector());
            results.add(r);
        }
        return results;
    }

    /** The collectors whose poll is still running. */
    List<Collector> running() {
        return List.copyOf(inFlight);
    }

    private static PollResult poll(CollectorClient client, int since) {
        return poll(client, since, Duration.ZERO);
    }

    private static PollResult poll(CollectorClient client, int since, Duration wait) {
        try {
            return new PollResult.Polled(client.collector(), client.poll(since, wait));
        } catch (Exception e) {
            // any failure, even a bug in reading an answer, is one collector's bad poll, never the end of the tool
            return new PollResult.Failed(client.collector(), Failures.describe(e));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
