package org.lustrecollector.source;

import java.nio.file.Path;
import java.util.List;

/**
 * A place traps come from: the trap file, the kernel log, the Lustre state. The collector opens each
 * configured source, calls {@link #read()} every {@code interval} and whenever a change event names one
 * of its {@link #watchedFiles()}, and closes it on stop. Reads of one source never overlap. A source hands
 * what it read to the {@link org.lustrecollector.trap.TrapSink} it was built with, and never throws for bad
 * input: a bad line or an unreadable file is counted and logged, then tried again at the next read.
 *
 * <p>Sources whose reads cannot hang share the collector's trap path (one task, read one after the
 * other); a source whose reads {@link #mayHang()} is read on a task of its own, so that it cannot delay
 * the others.
 */
public interface Source extends AutoCloseable {

    /** The source's short name in logs and in {@code getStatus}: "trapfile", "kernellog", "lustre". */
    String name();

    /** Prepares the first read; called once, before it. */
    default void open() {
    }

    /** Reads what is new since the last read and hands its traps on. */
    void read();

    /** Files whose change events call for a read at once; empty for a source read only every interval. */
    List<Path> watchedFiles();

    /**
     * Whether a read may block for long: files that are kernel functions (procfs, sysfs, debugfs) can wait
     * on a lock or an RPC, and such a read cannot be interrupted. Read on its own task when true.
     */
    default boolean mayHang() {
        return false;
    }

    /** The filesystems the source's traps concern, when it knows them: for the collector's own traps about it. */
    default List<String> fileSystems() {
        return List.of();
    }

    /** What the source reports about itself now. */
    SourceStatus status();

    @Override
    void close();
}
