package org.lustrecollector.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.lustrecollector.monitor.outage.Outage;

/**
 * Relays traps to Alertmanagers as they reach the monitor's output, and passes everything on to the
 * terminal output (or nothing with --quiet). Each trap becomes an alert through {@link AlertBook}, each
 * active outage ({@link #outagesReported}, from {@link OutageWatch}) one through {@link OutageAlerts}; each
 * Alertmanager has its own {@link AlertOutbox}. One thread of its own, once a second: moves new alerts into
 * every outbox, re-sends the active alerts every {@code resend} (so that an Alertmanager restarted or
 * reached late has them), and makes at most one POST per Alertmanager. Every {@code report} it logs what
 * was sent, failed and discarded, when anything changed; with a status file (--relay-status) it rewrites
 * that every {@link #STATUS_EVERY} and as it stops, for --status to read. docs/alerting.md.
 */
final class AlertRelay implements MonitorOutput, AutoCloseable {
    /** Settings of the relay. */
    record Settings(Duration oneShotDuration, Duration resend, int batchSize, int outboxCapacity,
                    int activeCapacity, Duration maxBackoff, Duration report) {
        static Settings defaults(Duration oneShotDuration) {
            return new Settings(oneShotDuration, Duration.ofMinutes(1), 500, 20_000, 20_000, Duration.ofMinutes(1),
                    Duration.ofMinutes(1));
        }
    }

    private record Target(AlertSink client, AlertOutbox outbox) {
    }

    private static final Duration TICK = Duration.ofSeconds(1);
    static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    private static final int INCOMING = 100_000;

    private final MonitorOutput terminal;
    private final List<Target> targets;
    private final Settings settings;
    private final Clock clock;
    private final PrintStream log;
    private final AlertBook book;
    /** Guarded by {@link #book}'s lock, as the book is. */
    private final OutageAlerts outageAlerts;
    private final BlockingQueue<Alert> incoming = new ArrayBlockingQueue<>(INCOMING);
    private final AtomicLong incomingDiscarded = new AtomicLong();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-relay");
        t.setDaemon(true);
        return t;
    });
    private final Optional<RelayStatusFile> statusFile;
    private final Instant started;
    private Instant nextResend;
    private Instant nextReport;
    private Instant nextStatus = Instant.MIN;
    private String lastReport = "";
    private String lastStatusError = "";
    private boolean closed;

    AlertRelay(MonitorOutput terminal, List<? extends AlertSink> alertmanagers, Settings settings, Clock clock,
               PrintStream log) {
        this(terminal, alertmanagers, settings, clock, log, Optional.empty());
    }

    /** @param statusFile where to keep the relay's status for --status, if anywhere */
    AlertRelay(MonitorOutput terminal, List<? extends AlertSink> alertmanagers, Settings settings, Clock clock,
               PrintStream log, Optional<RelayStatusFile> statusFile) {
        this.terminal = terminal;
        this.targets = alertmanagers.stream().map(c -> new Target(c, new AlertOutbox(settings.outboxCapacity(),
                settings.batchSize(), settings.maxBackoff()))).toList();
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.book = new AlertBook(settings.oneShotDuration(), settings.activeCapacity());
        this.outageAlerts = new OutageAlerts(settings.activeCapacity());
        this.statusFile = statusFile;
        Instant now = clock.instant();
        this.started = now;
        this.nextResend = now.plus(settings.resend());
        this.nextReport = now.plus(settings.report());
    }

    /** Starts the relay's thread. */
    AlertRelay start() {
        thread.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void trap(MonitoredTrap trap) {
        terminal.trap(trap);
        List<Alert> alerts;
        synchronized (book) {
            alerts = book.onTrap(trap, clock.instant());
        }
        for (Alert a : alerts) {
            if (!incoming.offer(a)) {
                incomingDiscarded.incrementAndGet();
            }
        }
    }

    /**
     * The outages all collectors report now, merged ({@link OutageWatch}): their alerts start, change or
     * resolve ({@link OutageAlerts}).
     */
    void outagesReported(List<Outage> outages) {
        List<Alert> alerts;
        synchronized (book) {
            alerts = outageAlerts.update(outages, clock.instant());
        }
        for (Alert a : alerts) {
            if (!incoming.offer(a)) {
                incomingDiscarded.incrementAndGet();
            }
        }
    }

    /** One turn of the relay's thread; never throws, so the schedule goes on. */
    void tick() {
        try {
            Instant now = clock.instant();
            List<Alert> fresh = new ArrayList<>();
            incoming.drainTo(fresh);
            if (!now.isBefore(nextResend)) {
                synchronized (book) {
                    fresh.addAll(book.active(now));
                    fresh.addAll(outageAlerts.active());
                }
                nextResend = now.plus(settings.resend());
            }
            for (Target t : targets) {
                fresh.forEach(t.outbox()::offer);
                String error = t.outbox().send(t.client()::post, now);
                if (error != null) {
                    log.println("lustre-monitor: Alertmanager " + t.client().name() + " did not take "
                            + "alerts (" + error + "); trying again");
                }
            }
            if (!now.isBefore(nextReport)) {
                report();
                nextReport = now.plus(settings.report());
            }
            if (!now.isBefore(nextStatus)) {
                writeStatus(now, true);
                nextStatus = now.plus(STATUS_EVERY);
            }
        } catch (RuntimeException e) {
            log.println("lustre-monitor: alert relay: " + e);
        }
    }

    /** Logs the counts when they changed since the last report. */
    void report() {
        String line = status();
        if (!line.equals(lastReport)) {
            log.println("lustre-monitor: " + line);
            lastReport = line;
        }
    }

    /** One line: per Alertmanager the alerts sent, failed and discarded, and those waiting; then the active ones. */
    String status() {
        StringBuilder b = new StringBuilder("alerts");
        for (Target t : targets) {
            AlertOutbox.Counts c = t.outbox().counts();
            b.append(' ').append(t.client().name()).append(": sent ").append(c.sent()).append(", failed ")
                    .append(c.failed()).append(", discarded ").append(c.discarded()).append(", waiting ")
                    .append(c.waiting()).append(';');
        }
        int active;
        long discarded;
        synchronized (book) {
            active = book.size() + outageAlerts.size();
            discarded = book.discarded() + outageAlerts.discarded();
        }
        return b.append(" active ").append(active).append(", let go ").append(discarded + incomingDiscarded.get())
                .toString();
    }

    /** What --status shows of this relay: the counts of {@link #status()} and when. */
    RelayStatus snapshot(Instant now, boolean running) {
        List<RelayStatus.Target> counts = new ArrayList<>();
        for (Target t : targets) {
            AlertOutbox.Counts c = t.outbox().counts();
            counts.add(new RelayStatus.Target(t.client().name(), c.sent(), c.failed(), c.discarded(), c.waiting(),
                    t.outbox().lastError()));
        }
        int active;
        long discarded;
        synchronized (book) {
            active = book.size() + outageAlerts.size();
            discarded = book.discarded() + outageAlerts.discarded();
        }
        return new RelayStatus(started, now, running, active, discarded + incomingDiscarded.get(), counts);
    }

    /** Rewrites the status file, if any; a failure is logged (once until it changes), never thrown. */
    private void writeStatus(Instant now, boolean running) {
        if (statusFile.isEmpty()) {
            return;
        }
        String error = "";
        try {
            statusFile.get().write(snapshot(now, running));
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (!error.equals(lastStatusError)) {
            log.println("lustre-monitor: relay status " + statusFile.get().path()
                    + (error.isEmpty() ? " written again" : " not written (" + error + ")"));
            lastStatusError = error;
        }
    }

    /** Per Alertmanager, what has become of its alerts. */
    Map<String, AlertOutbox.Counts> counts() {
        Map<String, AlertOutbox.Counts> m = new LinkedHashMap<>();
        for (Target t : targets) {
            m.put(t.client().name(), t.outbox().counts());
        }
        return m;
    }

    @Override
    public void down(Collector collector, Instant since, String reason, Duration retry) {
        terminal.down(collector, since, reason, retry);
    }

    @Override
    public void back(Collector collector, Instant downSince, Instant now) {
        terminal.back(collector, downSince, now);
    }

    @Override
    public void dropped(Collector collector, DropCounts drops, boolean sinceStart, Instant now) {
        terminal.dropped(collector, drops, sinceStart, now);
    }

    @Override
    public void fileSystem(Collector collector, String fs, Map<String, Object> info) {
        terminal.fileSystem(collector, fs, info);
    }

    @Override
    public void noFileSystems(Collector collector, String reason) {
        terminal.noFileSystems(collector, reason);
    }

    @Override
    public void outages(List<Outage> outages, Instant now) {
        terminal.outages(outages, now);
    }

    @Override
    public void noOutages(Collector collector, String reason) {
        terminal.noOutages(collector, reason);
    }

    @Override
    public void flush() {
        terminal.flush();
    }

    @Override
    public boolean broken() {
        return terminal.broken();
    }

    /**
     * Stops the thread after a last turn, so that alerts already made are tried once more, logs the counts
     * and writes them, marked as stopped, to the status file.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
        report();
        writeStatus(clock.instant(), false);
    }
}
