package org.lustrecollector.collector;

import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.lustrecollector.api.Version;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapStore;

/**
 * Reads the configured sources into the trap store, on one thread.
 *
 * <p>That thread alternates between waiting and reading. It waits on the {@link FolderWatcher} of the
 * followed files' folders, at most until the next periodic tick, so a line appended to a regular file is
 * read at once. procfs and sysfs files never produce events (only a process writing a file does), so every
 * {@code interval} each source is read again anyway, and old traps are expired. When there is nothing to
 * watch (a procfs file, or a folder that does not exist yet) the thread sleeps in the scheduler until the
 * next tick. No busy loop: an idle collector wakes once per interval.
 */
@ApplicationScoped
public class TrapCollector {
    private static final Logger LOG = Logger.getLogger(TrapCollector.class.getName());
    public static final String THREAD_NAME = "lustre-collector";

    private final Duration interval;
    private final TrapStore store;
    private final List<Source> sources;
    private final InstantSource clock;
    private final RateLimitedLog sourceErrors = RateLimitedLog.perMinute(TrapCollector.class, 5);
    private final String version = Version.current();

    // Touched by start/stop (synchronized) and the collector thread; the executor's hand-off orders them.
    private ScheduledExecutorService executor;
    private volatile Thread thread;
    private FolderWatcher watcher;
    private long nextTickNanos;
    private volatile long startedAt;

    /** For CDI's client proxy only. */
    protected TrapCollector() {
        this.interval = null;
        this.store = null;
        this.sources = null;
        this.clock = null;
    }

    @Inject
    public TrapCollector(CollectorConfig config, TrapStore store, Sources sources, InstantSource clock) {
        this(config.interval(), store, sources.all(), clock);
    }

    public TrapCollector(Duration interval, TrapStore store, List<Source> sources, InstantSource clock) {
        this.interval = interval;
        this.store = store;
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        startedAt = clock.instant().getEpochSecond();
        for (Source source : sources) {
            source.open();
        }
        watcher = FolderWatcher.open(interval);
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        nextTickNanos = System.nanoTime();
        executor.execute(this::cycle);
        LOG.info(() -> "Collector started: " + describeSources() + ", maxtraps " + store.maxTraps()
                + ", interval " + interval.toSeconds() + " s");
    }

    private String describeSources() {
        List<String> parts = new ArrayList<>();
        for (Source source : sources) {
            SourceStatus status = source.status();
            parts.add(source.name() + " " + status.path()
                    + (source.watchedFiles().isEmpty() ? " (read every interval)" : " (followed)"));
        }
        return String.join(", ", parts);
    }

    /**
     * Stops the thread and closes the watcher. CDI calls it when the application's container shuts down,
     * which on undeploy happens before our listener would hear of it.
     */
    @PreDestroy
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        watcher.close();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("Collector thread did not stop within 10 s");
            }
            // awaitTermination returns while the worker is still leaving run(); Tomcat's leak check
            // right after undeploy would see it. Joining makes "stopped" mean stopped.
            Thread t = thread;
            if (t != null) {
                t.join(TimeUnit.SECONDS.toMillis(10));
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

    /** One turn of the collector thread: read when a tick is due, then wait for an event or the next tick. */
    private void cycle() {
        try {
            long now = System.nanoTime();
            if (now - nextTickNanos >= 0) {
                for (Source source : sources) {
                    read(source);
                }
                store.expire();
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
        } catch (InterruptedException | ClosedWatchServiceException | RejectedExecutionException stopping) {
            // stop() is under way.
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Unexpected error in the collector thread; carrying on", e);
            rescheduleAfterError();
        }
    }

    private List<Path> followedFiles() {
        List<Path> files = new ArrayList<>(sources.size());
        for (Source source : sources) {
            files.addAll(source.watchedFiles());
        }
        return files;
    }

    private void readSourcesOf(Path file) {
        for (Source source : sources) {
            if (source.watchedFiles().contains(file)) {
                read(source);
            }
        }
    }

    /** One source's failure is its own: the others are still read. */
    private void read(Source source) {
        try {
            source.read();
        } catch (RuntimeException e) {
            sourceErrors.log(Level.SEVERE, "Reading " + source.name() + " failed; trying again next time: " + e);
            LOG.log(Level.FINE, "Source failure", e);
        }
    }

    private void rescheduleAfterError() {
        try {
            nextTickNanos = System.nanoTime() + interval.toNanos();
            executor.schedule(this::cycle, interval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() is under way.
        }
    }

    public CollectorStatus status() {
        long now = clock.instant().getEpochSecond();
        List<SourceStatus> statuses = new ArrayList<>(sources.size());
        for (Source source : sources) {
            statuses.add(source.status());
        }
        return new CollectorStatus(store.counts(), store.maxTraps(), version, startedAt == 0 ? 0 : now - startedAt,
                statuses);
    }
}
