package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows a regular file that a producer appends to, reading only new bytes.
 *
 * <ul>
 *   <li>At start the whole existing file is read.</li>
 *   <li>A partial last line waits for its newline.</li>
 *   <li>A file that shrank was truncated: reading starts over at its beginning.</li>
 *   <li>A different file at the path (new inode: rotation, replacement, re-creation) means the old one is
 *       finished: what is left of it is read through the still-open channel, then the new one is
 *       followed from its beginning.</li>
 *   <li>A file renamed away with no new one in its place yet is still read: a writer such as rsyslog
 *       keeps writing to the renamed file until it is told to reopen the path. It is finished when the
 *       new file appears, or after {@link #RENAMED_GRACE} without one, so a deleted file's space is not
 *       held for good.</li>
 *   <li>A file that does not exist (yet, or any more) is waited for; that is logged once, not every poll.</li>
 * </ul>
 */
public final class AppendedFileFollower implements FileFollower {
    private static final Logger LOG = Logger.getLogger(AppendedFileFollower.class.getName());
    public static final int CHUNK_BYTES = 64 * 1024;
    static final Duration RENAMED_GRACE = Duration.ofMinutes(1);

    private final Path path;
    /** What the file is, for the log: "Trap file", or "Kernel log" when the same follower reads that. */
    private final String label;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
    private final LineSplitter splitter = new LineSplitter();

    private FileChannel channel;
    private Object fileKey;
    private long position;
    private boolean waitingLogged;
    private boolean readable;
    private long missingSince;

    /** @param label how the log names the file, e.g. "Kernel log" */
    public AppendedFileFollower(Path path, String label) {
        this.path = path;
        this.label = label;
    }

    @Override
    public void read(LineListener listener) throws IOException {
        try {
            BasicFileAttributes attributes = attributesOrNull();
            if (channel != null) {
                if (attributes == null && !renamedGraceOver()) {
                    drain(listener);
                    noteMissing();
                    readable = false;
                    return;
                }
                missingSince = 0;
                if (attributes == null || !Objects.equals(attributes.fileKey(), fileKey)) {
                    finishOldFile(listener, attributes == null ? "removed" : "replaced");
                } else if (attributes.size() < position) {
                    LOG.info(() -> label + " " + path + " was truncated; reading it from the beginning");
                    position = 0;
                    splitter.reset();
                }
            }
            if (channel == null) {
                if (attributes == null) {
                    noteMissing();
                    readable = false;
                    return;
                }
                if (!open(attributes)) {
                    return;
                }
            }
            drain(listener);
            readable = true;
        } catch (IOException e) {
            readable = false;
            throw e;
        } finally {
            listener.endOfRead();
        }
    }

    /** Starts the grace period at the first read that finds the path empty; true once it is over. */
    private boolean renamedGraceOver() {
        long now = System.nanoTime();
        if (missingSince == 0) {
            missingSince = now;
        }
        return now - missingSince >= RENAMED_GRACE.toNanos();
    }

    private BasicFileAttributes attributesOrNull() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private boolean open(BasicFileAttributes attributes) throws IOException {
        if (!attributes.isRegularFile()) {
            throw new IOException(label.toLowerCase(java.util.Locale.ROOT) + " " + path + " is not a regular file");
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException vanished) {
            return false;
        }
        // The file may have been replaced between the look and the open; then we cannot tell which one
        // we hold, so let go and try again at the next read rather than read a file twice.
        BasicFileAttributes after = attributesOrNull();
        if (after == null || !Objects.equals(after.fileKey(), attributes.fileKey())) {
            opened.close();
            return false;
        }
        channel = opened;
        fileKey = attributes.fileKey();
        position = 0;
        splitter.reset();
        if (waitingLogged) {
            LOG.info(() -> label + " " + path + " appeared; following it");
        }
        waitingLogged = false;
        return true;
    }

    private void finishOldFile(LineListener listener, String how) throws IOException {
        try {
            drain(listener);
            splitter.flushPartialLine(listener);
        } finally {
            closeChannel();
        }
        LOG.info(() -> label + " " + path + " was " + how + "; finished the old file");
    }

    private void noteMissing() {
        if (!waitingLogged) {
            waitingLogged = true;
            LOG.log(Level.WARNING, () -> label + " " + path + " does not exist; waiting for it to appear");
        }
    }

    private void drain(LineListener listener) throws IOException {
        while (true) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return;
            }
            position += n;
            buffer.flip();
            splitter.feed(buffer, listener);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public boolean readable() {
        return readable;
    }

    @Override
    public boolean watchable() {
        return true;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // A read-only channel has nothing to flush; nothing is lost.
            }
            channel = null;
            fileKey = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}
