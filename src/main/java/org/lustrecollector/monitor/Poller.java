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
 */
final class Poller implements AutoCloseable {
    /** 200 collectors answering in a few milliseconds need no more; a hung one holds a thread until its timeout. */
    static final int MAX_THREADS = 16;

    private final List<CollectorClient> clients;
    private final ExecutorService pool;
    private final Set<Collector> inFlight = new HashSet<>();
    private final BlockingQueue<PollResult> done = new LinkedBlockingQueue<>();

    Poller(List<CollectorClient> clients) {
        this.clients = List.copyOf(clients);
        this.pool = pool(clients.size());
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
        try {
            return new PollResult.Polled(client.collector(), client.poll(since));
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
