package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.file.Path;

/** Reads what is new in a trap file each time it is asked. One per file; used from one thread. */
public interface FileFollower extends AutoCloseable {

    /** Passes every new complete line to the listener, then calls {@link LineListener#endOfRead()}. */
    void read(LineListener listener) throws IOException;

    Path path();

    /** Whether the file could be read the last time it was tried. */
    boolean readable();

    /** Whether changes to this file produce file-system events (procfs and sysfs files never do). */
    boolean watchable();

    @Override
    void close();
}
