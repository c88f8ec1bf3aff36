package org.lustrecollector.collector;

import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.lustrecollector.api.Version;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.source.LocalHost;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.TrapStore;

/**
 * Reads the configured sources into the trap store, on one scheduled executor with a thread for the
 * trap path and one for each source whose reads {@linkplain Source#mayHang() may hang} (the Lustre scan).
 *
 * <p>The <b>trap path</b> (trap file, kernel log) is one task that alternates between waiting and
 * reading. It waits on the {@link FolderWatcher} of the followed files' folders, at most until the next
 * periodic tick, so a line appended to a regular file is read at once. procfs and sysfs files never
 * produce events (only a process writing a file does), so every {@code interval} each of these sources
 * is read again anyway, and old traps are expired. When there is nothing to watch (a procfs file, or a
 * folder that does not exist yet) the task sleeps in the scheduler until the next tick.
 *
 * <p>A source that <b>may hang</b> is read by a task of its own, {@code interval} after its previous
 * read ended. A read of a kernel file that hangs cannot be interrupted: its task is abandoned to it, no
 * other read of that source starts meanwhile (it would hang on the same file and take another thread),
 * and the trap path goes on on its own thread. No busy loop: an idle collector wakes each task once per
 * interval.
 *
 * <p>Nothing thrown in a turn ends the collector: an exception or error (out of memory included; a JVM
 * run with {@code -XX:+ExitOnOutOfMemoryError} exits on it before any of this) is logged, counted and
 * the task rescheduled. A source that completes no read for longer than {@link #stuckLimit} is reported
 * stuck in {@code getStatus} and by a Critical trap ({@link StuckSourceAlarm}), and an Info trap when it
 * completes one again.
 */
@ApplicationScoped
public class TrapCollector {
    private static final Logger LOG = Logger.getLogger(TrapCollector.class.getName());
    /** The name of the collector's first thread; the others are {@code lustre-collector-2} and so on. */
    public static final String THREAD_NAME = "lustre-collector";
    /** Intervals without a completed read after which a source is stuck (at least {@link #MIN_STUCK_LIMIT}). */
    static final int STUCK_INTERVALS = 3;
    /** The least time without a completed read that makes a source stuck: a short interval must not turn a pause into an alarm. */
    static final Duration MIN_STUCK_LIMIT = Duration.ofSeconds(30);

    private final Duration interval;
    private final Duration stuckLimit;
    private final TrapStore store;
    private final List<Source> sources;
    private final InstantSource clock;
    private final TrapIds ids;
    private final RateLimitedLog sourceErrors = RateLimitedLog.perMinute(TrapCollector.class, 5);
    private final RateLimitedLog cycleErrors = RateLimitedLog.perMinute(TrapCollector.class, 5);
    private final String version = Version.current();
    private final AtomicLong failedCycles = new AtomicLong();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    // Set by start() before the first task runs (the executor's hand-off orders them); read by all tasks.
    private volatile ScheduledExecutorService executor;
    private volatile List<SourceLiveness> trapPath = List.of();
    private volatile List<SourceLiveness> all = List.of();
    private volatile StuckSourceAlarm alarm;
    private volatile long startedAt;
    // Trap-path task state: one such task at a time.
    private FolderWatcher watcher;
    private long nextTickNanos;

    /** For CDI's client proxy only. */
    protected TrapCollector() {
        this.interval = null;
        this.stuckLimit = null;
        this.store = null;
        this.sources = null;
        this.clock = null;
        this.ids = null;
    }

    @Inject
    public TrapCollector(CollectorConfig config, TrapStore store, Sources sources, InstantSource clock) {
        this(config.interval(), stuckLimit(config.interval()), store, sources.all(), clock,
                TrapIds.newRun(LocalHost.name()));
    }

    /**
     * @param stuckLimit how long a source may go without a completed read before it is reported stuck
     * @param ids        ids of the stuck and recovery traps; their host is the traps' node
     */
    public TrapCollector(Duration interval, Duration stuckLimit, TrapStore store, List<Source> sources,
                         InstantSource clock, TrapIds ids) {
        this.interval = interval;
        this.stuckLimit = stuckLimit;
        this.store = store;
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.ids = ids;
    }

    /** {@value #STUCK_INTERVALS} intervals, and at least {@link #MIN_STUCK_LIMIT}. */
    public static Duration stuckLimit(Duration interval) {
        Duration intervals = interval.multipliedBy(STUCK_INTERVALS);
        return intervals.compareTo(MIN_STUCK_LIMIT) < 0 ? MIN_STUCK_LIMIT : intervals;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        startedAt = clock.instant().getEpochSecond();
        for (Source source : sources) {
            source.open();
        }
        long now = System.nanoTime();
        List<SourceLiveness> everyone = new ArrayList<>();
        List<SourceLiveness> onTrapPath = new ArrayList<>();
        List<SourceLiveness> ownTasks = new ArrayList<>();
        for (Source source : sources) {
            SourceLiveness l = new SourceLiveness(source, now);
            everyone.add(l);
            (source.mayHang() ? ownTasks : onTrapPath).add(l);
        }
        all = List.copyOf(everyone);
        trapPath = List.copyOf(onTrapPath);
        alarm = new StuckSourceAlarm(everyone, stuckLimit, store, ids, clock);
        watcher = FolderWatcher.open(interval);
        threads.clear();
        executor = Executors.newScheduledThreadPool(1 + ownTasks.size(), runnable -> {
            int n = threads.size() + 1;
            Thread t = new Thread(runnable, n == 1 ? THREAD_NAME : THREAD_NAME + "-" + n);
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        nextTickNanos = now;
        executor.execute(this::cycle);
        for (SourceLiveness l : ownTasks) {
            executor.execute(() -> readOnOwnTask(l));
        }
        LOG.info(() -> "Collector started: " + describeSources() + ", maxtraps " + store.maxTraps()
                + ", interval " + interval.toSeconds() + " s, stuck after " + stuckLimit.toSeconds() + " s");
    }

    private String describeSources() {
        List<String> parts = new ArrayList<>();
        for (Source source : sources) {
            SourceStatus status = source.status();
            parts.add(source.name() + " " + status.path() + (source.mayHang() ? " (read every interval, own thread)"
                    : source.watchedFiles().isEmpty() ? " (read every interval)" : " (followed)"));
        }
        return String.join(", ", parts);
    }

    /**
     * Stops the tasks and closes the watcher. CDI calls it when the application's container shuts down,
     * which on undeploy happens before our listener would hear of it. A thread hanging in a kernel read
     * cannot be stopped: it is left (a daemon thread) after a warning.
     */
    @PreDestroy
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        watcher.close();
        try {
            if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("Collector threads did not stop within 10 s (a read hangs in the kernel?)");
            }
            // awaitTermination returns while a worker is still leaving run(); Tomcat's leak check
            // right after undeploy would see it. Joining makes "stopped" mean stopped.
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Source source : sources) {
            source.close();
        }
        executor = null;
        LOG.info("Collector stopped");
    }

    /** One turn of the trap path: read when a tick is due, then wait for an event or the next tick. */
    private void cycle() {
        boolean continued = false;
        try {
            long now = System.nanoTime();
            if (now - nextTickNanos >= 0) {
                for (SourceLiveness source : trapPath) {
                    read(source);
                }
                store.expire();
                alarm.check(System.nanoTime());
                nextTickNanos = now + interval.toNanos();
            }
            long waitNanos = Math.max(0, nextTickNanos - System.nanoTime());
            List<Path> followed = followedFiles();
            if (watcher.watch(followed, this::readSourcesOf)) {
                Set<Path> changed = watcher.await(waitNanos, followed);
                for (Path file : changed) {
                    readSourcesOf(file);
                }
                executor.execute(this::cycle);
            } else {
                executor.schedule(this::cycle, waitNanos, TimeUnit.NANOSECONDS);
            }
            continued = true;
        } catch (InterruptedException | ClosedWatchServiceException | RejectedExecutionException stopping) {
            continued = true; // stop() is under way.
        } catch (Throwable e) {
            failedCycles.incrementAndGet();
            report(cycleErrors, "Unexpected error in the collector's trap path; carrying on", e);
        } finally {
            if (!continued) {
                nextTickNanos = System.nanoTime() + interval.toNanos();
                schedule(this::cycle);
            }
        }
    }

    /** One read of a source that may hang, then the next one an interval later; never two at once. */
    private void readOnOwnTask(SourceLiveness source) {
        try {
            read(source);
            alarm.check(System.nanoTime());
        } catch (Throwable e) {
            report(cycleErrors, "Unexpected error after reading " + source.source().name() + "; carrying on", e);
        } finally {
            schedule(() -> readOnOwnTask(source));
        }
    }

    private void schedule(Runnable task) {
        ScheduledExecutorService running = executor;
        try {
            if (running != null) {
                running.schedule(task, interval.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException stopping) {
            // stop() is under way.
        }
    }

    private List<Path> followedFiles() {
        List<Path> files = new ArrayList<>(trapPath.size());
        for (SourceLiveness source : trapPath) {
            files.addAll(source.source().watchedFiles());
        }
        return files;
    }

    private void readSourcesOf(Path file) {
        for (SourceLiveness source : trapPath) {
            if (source.source().watchedFiles().contains(file)) {
                read(source);
            }
        }
    }

    /** One source's failure is its own, whatever was thrown: the others are still read. */
    private void read(SourceLiveness source) {
        source.begin(System.nanoTime());
        try {
            source.source().read();
            source.completed(System.nanoTime());
        } catch (Throwable e) {
            source.failed(e);
            report(sourceErrors, "Reading " + source.source().name() + " failed; trying again next time", e);
        }
    }

    /** Logs without letting a failure to log (out of memory again) escape. */
    private static void report(RateLimitedLog log, String what, Throwable e) {
        try {
            log.log(Level.SEVERE, what + ": " + e);
            LOG.log(Level.FINE, what, e);
        } catch (Throwable ignored) {
            // Nothing better to do: the turn is counted and the task goes on.
        }
    }

    public CollectorStatus status() {
        long now = clock.instant().getEpochSecond();
        long nanos = System.nanoTime();
        List<SourceLiveness> watched = all;
        StuckSourceAlarm stuck = alarm;
        List<SourceStatus> statuses = new ArrayList<>(sources.size());
        if (watched.isEmpty()) {
            for (Source source : sources) {
                statuses.add(source.status());
            }
        } else {
            for (SourceLiveness l : watched) {
                statuses.add(l.source().status().withLiveness(l.failures(), stuck.stuck(l, nanos)));
            }
        }
        return new CollectorStatus(store.counts(), store.maxTraps(), version, startedAt == 0 ? 0 : now - startedAt,
                statuses, failedCycles.get());
    }
}
