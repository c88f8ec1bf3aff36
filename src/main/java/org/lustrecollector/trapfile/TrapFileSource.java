package org.lustrecollector.trapfile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.lustrecollector.follow.FileFollower;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapSink;

/**
 * The trap file as a source: followed when it is a regular file, read whole when it is a procfs ring
 * ({@link TrapFileFollowers}); its lines parsed by {@link TrapFileIngest}.
 */
public final class TrapFileSource implements Source {
    private final Path path;
    private final TrapFileMode mode;
    private final TrapSink sink;
    private final InstantSource clock;
    private final AtomicLong malformed = new AtomicLong();
    private final RateLimitedLog readErrors = RateLimitedLog.perMinute(TrapFileSource.class, 5);

    private FileFollower follower;
    private TrapFileIngest ingest;
    private volatile long lastRead;

    public TrapFileSource(Path path, TrapFileMode mode, TrapSink sink, InstantSource clock) {
        this.path = path;
        this.mode = mode;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "trapfile";
    }

    @Override
    public void open() {
        follower = TrapFileFollowers.open(path, mode);
        ingest = new TrapFileIngest(path.toString(), sink, malformed, RateLimitedLog.perMinute(TrapFileIngest.class, 20));
    }

    @Override
    public void read() {
        try {
            follower.read(ingest);
        } catch (IOException e) {
            readErrors.log(Level.WARNING, "Cannot read trap file " + path + ": " + e);
        }
        lastRead = clock.instant().getEpochSecond();
    }

    /** A procfs ring gives no change events; a regular file is read at each event in its folder. */
    @Override
    public List<Path> watchedFiles() {
        return follower != null && follower.watchable() ? List.of(path) : List.of();
    }

    /** "followed" or "read whole", for the start-up log line. */
    public String howRead() {
        return follower != null && follower.watchable() ? "followed" : "read whole";
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(name(), path.toString(), follower != null && follower.readable(), lastRead,
                malformed.get(), 0);
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }
}
