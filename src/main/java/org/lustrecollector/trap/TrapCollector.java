package org.lustrecollector.trap;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
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

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.kernellog.KernelLogSource;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.lustre.LustreStateMonitor;
import org.lustrecollector.source.TrapFileReader;
import org.lustrecollector.source.TrapFileReaders;

/**
 * Reads the trap file into the trap store, on one thread.
 *
 * <p>That thread alternates between waiting and reading. It waits on the {@link WatchService} of the trap
 * file's folder, at most until the next periodic tick, so a line appended to a regular file is read at
 * once. procfs and sysfs files never produce events (only a process writing a file does), so every
 * {@code interval} the file is read again anyway, and old traps are expired. When there is nothing to
 * watch (a procfs file, or a folder that does not exist yet) the thread simply sleeps in the scheduler
 * until the next tick. No busy loop: an idle collector wakes once per interval. Each tick also scans the
 * Lustre state ({@link LustreStateMonitor}), whose traps go into the same store.
 *
 * <p>With {@code kernellog} set, the kernel log is a second source read on the same thread, at the same
 * moments: every tick, and whenever an event in its folder (which may be another one) concerns it.
 */
@ApplicationScoped
public class TrapCollector {
    private static final Logger LOG = Logger.getLogger(TrapCollector.class.getName());
    public static final String THREAD_NAME = "lustre-collector";

    private final CollectorConfig config;
    private final InstantSource clock;
    private final TrapStore store;
    private final LustreStateMonitor lustre;
    private final AtomicLong malformed = new AtomicLong();
    private final RateLimitedLog readErrors = RateLimitedLog.perMinute(TrapCollector.class, 5);
    private final String version = Version.current();

    // Touched by start/stop (synchronized) and the collector thread; the executor's hand-off orders them.
    private ScheduledExecutorService executor;
    private volatile Thread thread;
    private WatchService watcher;
    private WatchKey watchKey;
    private WatchKey kernelLogKey;
    private KernelLogSource kernelLog;
    private TrapFileReader reader;
    private TrapIngest ingest;
    private long nextTickNanos;
    private volatile long startedAt;
    private volatile long lastRead;

    /** For CDI's client proxy only. */
    protected TrapCollector() {
        this.config = null;
        this.clock = null;
        this.store = null;
        this.lustre = null;
    }

    @Inject
    public TrapCollector(CollectorConfig config, InstantSource clock, LustreStateMonitor lustre) {
        this.config = config;
        this.clock = clock;
        this.store = new TrapStore(config.maxTraps(), config.retention(), clock);
        this.lustre = lustre;
    }

    /** A collector that scans the Lustre tree under the configuration's {@code lustreroot}. */
    public TrapCollector(CollectorConfig config, InstantSource clock) {
        this(config, clock, new LustreStateMonitor(config, clock));
    }

    public TrapStore store() {
        return store;
    }

    public CollectorConfig config() {
        return config;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        startedAt = clock.instant().getEpochSecond();
        reader = TrapFileReaders.open(config.trapFile(), config.trapFileMode());
        ingest = new TrapIngest(config.trapFile().toString(), store, malformed,
                RateLimitedLog.perMinute(TrapIngest.class, 20));
        kernelLog = config.kernelLog().map(path -> KernelLogSource.open(path, store, clock)).orElse(null);
        try {
            watcher = reader.watchable() || kernelLog != null ? FileSystems.getDefault().newWatchService() : null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "No file-system events available; reading the trap file every "
                    + config.interval().toSeconds() + " s only", e);
            watcher = null;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, THREAD_NAME);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        nextTickNanos = System.nanoTime();
        executor.execute(this::cycle);
        LOG.info(() -> "Collector started: trap file " + config.trapFile() + " ("
                + (reader.watchable() ? "followed" : "read whole") + "), maxtraps " + config.maxTraps()
                + ", interval " + config.interval().toSeconds() + " s"
                + (kernelLog == null ? "" : ", kernel log " + kernelLog.path()));
    }

    /**
     * Stops the thread and closes the WatchService. CDI calls it when the application's container shuts
     * down, which on undeploy happens before our listener would hear of it.
     */
    @PreDestroy
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        closeWatcher();
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
        reader.close();
        if (kernelLog != null) {
            kernelLog.close();
        }
        executor = null;
        LOG.info("Collector stopped");
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // Closing releases the inotify descriptor; a failure leaves nothing we could retry.
            }
        }
    }

    /** One turn of the collector thread: read when a tick is due, then wait for an event or the next tick. */
    private void cycle() {
        try {
            long now = System.nanoTime();
            if (now - nextTickNanos >= 0) {
                readTrapFile();
                readKernelLog();
                store.addAll(lustre.scan());
                store.expire();
                nextTickNanos = now + config.interval().toNanos();
            }
            long waitNanos = Math.max(0, nextTickNanos - System.nanoTime());
            if (watchFolders()) {
                WatchKey signalled = watcher.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (signalled != null) {
                    List<WatchEvent<?>> events = signalled.pollEvents();
                    boolean trapFileChanged = concerns(signalled, events, config.trapFile());
                    boolean kernelLogChanged = kernelLog != null && concerns(signalled, events, kernelLog.path());
                    if (!signalled.reset()) {
                        watchKey = signalled == watchKey ? null : watchKey;
                        kernelLogKey = signalled == kernelLogKey ? null : kernelLogKey;
                    }
                    if (trapFileChanged) {
                        readTrapFile();
                    }
                    if (kernelLogChanged) {
                        readKernelLog();
                    }
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

    private void rescheduleAfterError() {
        try {
            nextTickNanos = System.nanoTime() + config.interval().toNanos();
            executor.schedule(this::cycle, config.interval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // stop() is under way.
        }
    }

    /** Registers the followed files' folders once they exist; false when there is nothing to wait on. */
    private boolean watchFolders() {
        if (watcher == null) {
            return false;
        }
        if (reader.watchable()) {
            watchKey = watchFolder(watchKey, config.trapFile(), this::readTrapFile);
        }
        if (kernelLog != null) {
            kernelLogKey = watchFolder(kernelLogKey, kernelLog.path(), this::readKernelLog);
        }
        return watchKey != null || kernelLogKey != null;
    }

    /**
     * The key of the file's folder, registered if need be; null while the folder is missing. Both files in
     * one folder share one key: the WatchService gives the same key for the same folder.
     */
    private WatchKey watchFolder(WatchKey key, Path file, Runnable readFile) {
        if (key != null && key.isValid()) {
            return key;
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return null;
        }
        try {
            WatchKey registered = folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            // Anything written before the registration took effect would raise no event.
            readFile.run();
            return registered;
        } catch (IOException e) {
            readErrors.log(Level.WARNING, "Cannot watch " + folder + " (" + e + "); reading " + file + " every "
                    + config.interval().toSeconds() + " s");
            return null;
        }
    }

    private static boolean concerns(WatchKey key, List<WatchEvent<?>> events, Path file) {
        if (!key.watchable().equals(file.getParent())) {
            return false;
        }
        Path name = file.getFileName();
        for (WatchEvent<?> event : events) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context())) {
                return true;
            }
        }
        return false;
    }

    private void readTrapFile() {
        try {
            reader.read(ingest);
        } catch (IOException e) {
            readErrors.log(Level.WARNING, "Cannot read trap file " + config.trapFile() + ": " + e);
        }
        lastRead = clock.instant().getEpochSecond();
    }

    private void readKernelLog() {
        if (kernelLog != null) {
            kernelLog.read();
        }
    }

    public CollectorStatus status() {
        long now = clock.instant().getEpochSecond();
        return new CollectorStatus(store.counts(), malformed.get(), store.maxTraps(), config.trapFile(),
                reader != null && reader.readable(), lastRead, version, startedAt == 0 ? 0 : now - startedAt,
                Optional.ofNullable(kernelLog).map(KernelLogSource::status));
    }
}
