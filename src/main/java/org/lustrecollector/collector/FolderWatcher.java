package org.lustrecollector.collector;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.lustrecollector.logging.RateLimitedLog;

/**
 * Watches the folders of the files the sources follow, so that a line appended to one is read at once.
 * One key per folder: files in the same folder share it. A folder that does not exist yet is registered
 * once it does. Used from the collector thread only.
 */
final class FolderWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FolderWatcher.class.getName());

    private static final String POLLER_THREAD_NAME = "FileSystemWatchService";
    private static final long POLLER_EXIT_MILLIS = 2_000;

    private final WatchService service;
    private final Set<Thread> pollers;
    private final Duration interval;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final RateLimitedLog errors = RateLimitedLog.perMinute(FolderWatcher.class, 5);

    private FolderWatcher(WatchService service, Duration interval, Set<Thread> pollers) {
        this.service = service;
        this.interval = interval;
        this.pollers = pollers;
    }

    /** A watcher; without file-system events (none offered here) it watches nothing and files are read every interval. */
    static FolderWatcher open(Duration interval) {
        Set<Thread> before = pollerThreads();
        try {
            WatchService service = FileSystems.getDefault().newWatchService();
            Set<Thread> started = pollerThreads();
            started.removeAll(before);
            return new FolderWatcher(service, interval, started);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "No file-system events available; reading followed files every "
                    + interval.toSeconds() + " s only", e);
            return new FolderWatcher(null, interval, Set.of());
        }
    }

    /**
     * The JDK's threads that deliver file-system events ("FileSystemWatchService"): one starts with each
     * WatchService and ends shortly after its close, on its own. Tomcat checks for threads a web
     * application leaves behind right after undeploy, so {@link #close} waits for this watcher's own.
     */
    private static Set<Thread> pollerThreads() {
        Set<Thread> pollers = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (POLLER_THREAD_NAME.equals(t.getName())) {
                pollers.add(t);
            }
        }
        return pollers;
    }

    /**
     * Registers the folders of {@code files} that exist and are not watched yet, and tells
     * {@code registered} of each file whose folder was just registered: anything written to it before the
     * registration took effect raised no event. False when there is nothing to wait on.
     */
    boolean watch(Collection<Path> files, Consumer<Path> registered) {
        if (service == null) {
            return false;
        }
        Set<Path> registeredNow = new HashSet<>();
        for (Path file : files) {
            Path folder = file.getParent();
            if (folder == null || registeredNow.contains(folder)) {
                continue;
            }
            WatchKey key = keys.get(folder);
            if (key != null && key.isValid()) {
                continue;
            }
            keys.remove(folder);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try {
                keys.put(folder, folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
                registeredNow.add(folder);
            } catch (IOException e) {
                errors.log(Level.WARNING, "Cannot watch " + folder + " (" + e + "); reading " + file + " every "
                        + interval.toSeconds() + " s");
            }
        }
        for (Path file : files) {
            if (registeredNow.contains(file.getParent())) {
                registered.accept(file);
            }
        }
        return !keys.isEmpty();
    }

    /** Waits at most {@code nanos} for an event; answers which of {@code files} it concerns (often none). */
    Set<Path> await(long nanos, List<Path> files) throws InterruptedException {
        WatchKey signalled = service.poll(nanos, TimeUnit.NANOSECONDS);
        if (signalled == null) {
            return Set.of();
        }
        List<WatchEvent<?>> events = signalled.pollEvents();
        Set<Path> changed = new HashSet<>();
        for (Path file : files) {
            if (concerns(signalled, events, file)) {
                changed.add(file);
            }
        }
        if (!signalled.reset()) {
            keys.values().remove(signalled);
        }
        return changed;
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

    /** Releases the inotify descriptor; a thread waiting in {@link #await} ends with ClosedWatchServiceException. */
    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // Nothing left that could be retried.
            }
        }
        try {
            for (Thread poller : pollers) {
                poller.join(POLLER_EXIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
