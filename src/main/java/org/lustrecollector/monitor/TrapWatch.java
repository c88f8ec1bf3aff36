package org.lustrecollector.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches the collectors: polls them all every interval (live, with waitTraps where the collector has it:
 * a trap is printed as soon as its collector stores it, and the interval only bounds each wait), each from the timestamp it returned last time (so
 * a collector that was away serves what it got meanwhile once it is back), prints new traps merged in time
 * order, says when a collector goes away or comes back, and how many traps a collector dropped.
 * All state is touched only by the thread that calls {@link #round} or {@link #run}.
 */
final class TrapWatch {
    /** Live, the watch looks at its stop signal at least this often. */
    private static final Duration STOP_CHECK = Duration.ofMillis(250);
    private final List<Collector> collectors;
    private final Poller poller;
    private final TrapDeduplicator dedup;
    private final TrapFilter filter;
    private final MonitorOutput out;
    private final Clock clock;
    private final Duration interval;

    private final int[] since;
    private final Instant[] downSince;
    private final DropCounts[] drops;

    /** @param firstSince the time of the first {@code getTraps}: 0 for all stored traps, -N for the last N seconds */
    TrapWatch(List<Collector> collectors, Poller poller, TrapDeduplicator dedup, TrapFilter filter,
            MonitorOutput out, Clock clock, Duration interval, int firstSince) {
        this.collectors = List.copyOf(collectors);
        this.poller = poller;
        this.dedup = dedup;
        this.filter = filter;
        this.out = out;
        this.clock = clock;
        this.interval = interval;
        this.since = new int[collectors.size()];
        java.util.Arrays.fill(since, firstSince);
        this.downSince = new Instant[collectors.size()];
        this.drops = new DropCounts[collectors.size()];
    }

    /**
     * Polls until {@code stop} is counted down or the output is gone; a collector's failure never ends it.
     *
     * @param mergeWait how long a round waits for answers before it prints what it has
     */
    void run(Duration mergeWait, CountDownLatch stop) throws InterruptedException {
        if (poller.live()) {
            do {
                handle(poller.next(order -> since[order], STOP_CHECK));
            } while (!out.broken() && stop.getCount() > 0);
            return;
        }
        long next = System.nanoTime();
        do {
            next += interval.toNanos();
            round(mergeWait);
        } while (!out.broken() && !stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    /**
     * One poll of every collector that has none running, and what came in by {@code wait}.
     *
     * @return how many collectors did not answer this round (a failure, or still running at the deadline)
     */
    int round(Duration wait) throws InterruptedException {
        List<PollResult> results = poller.round(order -> since[order], wait);
        return handle(results) + collectors.size() - results.size();
    }

    /** Prints what {@code answers} brought; returns how many of them failed. */
    private int handle(List<PollResult> answers) {
        List<PollResult> results = new ArrayList<>(answers);
        results.sort(Comparator.comparingInt(r -> r.collector().order()));
        Instant now = clock.instant();
        List<MonitoredTrap> traps = new ArrayList<>();
        List<Runnable> dropNotices = new ArrayList<>();
        int failed = 0;
        for (PollResult result : results) {
            Collector c = result.collector();
            int i = c.order();
            if (result instanceof PollResult.Polled polled) {
                if (downSince[i] != null) {
                    out.back(c, downSince[i], now);
                    downSince[i] = null;
                }
                PolledTraps batch = polled.batch();
                since[i] = batch.timestamp();
                batch.traps().stream().filter(filter).forEach(traps::add);
                dropNotices.add(dropNotice(c, batch.drops(), now));
            } else if (result instanceof PollResult.Failed failure) {
                failed++;
                if (downSince[i] == null) {
                    downSince[i] = now;
                    out.down(c, now, failure.reason(), interval);
                }
            }
        }
        dedup.fresh(traps).forEach(out::trap);
        dropNotices.forEach(Runnable::run);
        out.flush();
        return failed;
    }

    private Runnable dropNotice(Collector c, DropCounts now, Instant time) {
        DropCounts before = drops[c.order()];
        drops[c.order()] = now;
        boolean sinceStart = before == null || now.dropped() < before.dropped();
        DropCounts growth = before == null ? now : now.since(before);
        return growth.dropped() > 0 ? () -> out.dropped(c, growth, sinceStart, time) : () -> { };
    }

    /** Collectors polled but never answered by the end of --once: said to be down, as in a round. */
    void reportUnanswered(Iterable<Collector> stillRunning, Duration waited) {
        Instant now = clock.instant();
        for (Collector c : stillRunning) {
            if (downSince[c.order()] == null) {
                downSince[c.order()] = now;
                out.down(c, now, "no answer within " + Durations.text(waited), interval);
            }
        }
        out.flush();
    }
}
