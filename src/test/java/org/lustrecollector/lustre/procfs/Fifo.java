package org.lustrecollector.lustre.procfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Named pipes for tests: a FIFO in a Lustre tree, or one a read hangs on until the test lets it go. */
public final class Fifo {
    private Fifo() {
    }

    /** Makes a FIFO at {@code path} (replacing a file there) with {@code mkfifo}. */
    public static Path make(Path path) throws IOException {
        Files.deleteIfExists(path);
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mkfifo " + path + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making " + path, e);
        }
        return path;
    }

    /**
     * Lets a reader blocked in opening the FIFO go: an open for reading and writing never blocks on Linux
     * and counts as a writer; closing it at once gives the reader end of file.
     */
    public static void release(Path fifo) throws IOException {
        new RandomAccessFile(fifo.toFile(), "rw").close();
    }
}
