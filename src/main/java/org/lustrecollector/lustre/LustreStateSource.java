package org.lustrecollector.lustre;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapSink;

/**
 * The Lustre trees as a source: each read is one scan of {@link LustreState}, its traps go to the sink.
 * Its files are kernel functions that can hang, so the collector reads it on a task of its own.
 */
public final class LustreStateSource implements Source {
    private final LustreState state;
    private final Path root;
    private final TrapSink sink;
    private final InstantSource clock;
    private volatile long lastRead;

    public LustreStateSource(LustreState state, Path root, TrapSink sink, InstantSource clock) {
        this.state = state;
        this.root = root;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "lustre";
    }

    @Override
    public void read() {
        sink.addAll(state.scan());
        lastRead = clock.instant().getEpochSecond();
    }

    @Override
    public boolean mayHang() {
        return true;
    }

    @Override
    public List<String> fileSystems() {
        return state.fileSystems();
    }

    /** procfs and sysfs files never produce change events: the state is read every interval only. */
    @Override
    public List<Path> watchedFiles() {
        return List.of();
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(name(), root.toString(), state.lastScanSucceeded(), lastRead, 0, 0,
                state.unreadableFiles());
    }

    @Override
    public void close() {
        state.close();
    }
}
