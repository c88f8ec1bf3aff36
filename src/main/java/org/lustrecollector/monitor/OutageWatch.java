package org.lustrecollector.monitor;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageMerge;

/**
 * For the relay: asks every collector for its outages ({@code getOutages}) every {@code every}, on threads of
 * its own, and hands the reports of all collectors, merged as --status and the web view show them
 * ({@link OutageMerge#merged}), to {@code sink}. A collector that does not answer keeps its last report, so
 * that a collector away is never taken for its outages having ended; one restarted reports what it knows
 * (nothing), which ends its outages. A collector without getOutages (an older one) reports none. A failure is said on {@code log} once until it changes.
 */
final class OutageWatch implements AutoCloseable {
    private final List<CollectorClient> clients;
    private final Consumer<List<Outage>> sink;
    private final Duration callWait;
    private final PrintStream log;
    private final List<List<Outage>> last = new ArrayList<>();
    private final String[] lastError;
    private final ExecutorService calls;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outage-watch");
        t.setDaemon(true);
        return t;
    });

    /** @param timeout each call's bound (connect, then between bytes of the answer) */
    OutageWatch(List<CollectorClient> clients, Duration timeout, Consumer<List<Outage>> sink, PrintStream log) {
        this.clients = List.copyOf(clients);
        this.sink = sink;
        this.callWait = timeout.multipliedBy(2).plusSeconds(1);
        this.log = log;
        this.lastError = new String[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            last.add(List.of());
            lastError[i] = "";
        }
        this.calls = Poller.pool(clients.size());
    }

    /** Starts asking, at once and then every {@code every} after the previous round ended. */
    OutageWatch start(Duration every) {
        timer.scheduleWithFixedDelay(this::round, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round: every collector asked, the merged reports handed on; never throws, so the schedule goes on. */
    void round() {
        try {
            List<Future<List<Outage>>> answers = new ArrayList<>();
            for (CollectorClient c : clients) {
                answers.add(calls.submit(c::outages));
            }
            long deadline = System.nanoTime() + callWait.toNanos();
            List<Outage> all = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                String error = "";
                try {
                    last.set(i, answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    error = Failures.describe(e.getCause());
                } catch (TimeoutException e) {
                    answers.get(i).cancel(true);
                    error = "no answer within " + Durations.text(callWait);
                }
                if (!error.equals(lastError[i])) {
                    log.println("lustre-monitor: outages of " + clients.get(i).collector().name()
                            + (error.isEmpty() ? " read again" : " not read (" + error + "); its last ones stand"));
                    lastError[i] = error;
                }
                all.addAll(last.get(i));
            }
            sink.accept(OutageMerge.merged(all));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.println("lustre-monitor: outage watch: " + e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        calls.shutdownNow();
    }
}
