package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows a regular file that a producer appends to, reading only new bytes.
 *
 * <ul>
 *   <li>At start the whole existing file is read.</li>
 *   <li>A partial last line waits for its newline.</li>
 *   <li>A file that shrank, or whose bytes before the offset are no longer those read (truncated, then
 *       grown past the offset before this read), was truncated: what was appended to it after the last
 *       read is read from the copy logrotate's {@code copytruncate} made ({@link RotatedCopies}), when
 *       there is one next to it, then the file is read again from its beginning.</li>
 *   <li>A file renamed away, removed, or replaced by a new file at the path (logrotate's {@code create},
 *       a writer that re-creates it) is still read through the open descriptor: a writer such as rsyslog
 *       goes on appending to it until it is told to reopen the path. A new file at the path is followed
 *       at the same time, from its beginning. The old file is finished (its unterminated last line
 *       passed on, its descriptor closed) once nothing was appended to it for {@link #ROTATED_QUIET}, or
 *       {@link #ROTATED_LONGEST} after it was rotated away, so that a deleted file's space is not held
 *       for good. At each read the old files are read before the new one; each file's lines come in
 *       their order.</li>
 *   <li>A file that does not exist (yet, or any more) is waited for; that is logged once, not every poll.</li>
 * </ul>
 *
 * An unchanged file costs one {@code stat} of the path per read, and one {@code fstat} per old file still
 * read. Used from one thread.
 */
public final class AppendedFileFollower implements FileFollower {
    private static final Logger LOG = Logger.getLogger(AppendedFileFollower.class.getName());
    public static final int CHUNK_BYTES = 64 * 1024;
    /** An old file that nothing was appended to for this long is finished: its writer has let go of it. */
    static final Duration ROTATED_QUIET = Duration.ofMinutes(1);
    /** An old file is finished this long after it was rotated away even if it still grows. */
    static final Duration ROTATED_LONGEST = Duration.ofMinutes(10);
    /** At most this many old files are read at once; beyond it the oldest is finished. */
    static final int MAX_ROTATED = 8;

    private final Path path;
    /** What the file is, for the log: "Trap file", or "Kernel log" when the same follower reads that. */
    private final String label;
    private final LongSupplier nanoClock;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);

    /** The file the path names, or null. */
    private FollowedFile current;
    /** Files the path named before, oldest first, still read until their writer is done with them. */
    private final Deque<FollowedFile> rotated = new ArrayDeque<>();
    private boolean waitingLogged;
    private boolean readable;

    /** @param label how the log names the file, e.g. "Kernel log" */
    public AppendedFileFollower(Path path, String label) {
        this(path, label, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()} */
    AppendedFileFollower(Path path, String label, LongSupplier nanoClock) {
        this.path = Objects.requireNonNull(path);
        this.label = Objects.requireNonNull(label);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    @Override
    public void read(LineListener listener) throws IOException {
        try {
            long now = nanoClock.getAsLong();
            BasicFileAttributes attributes = attributesOrNull();
            if (current != null && (attributes == null || !Objects.equals(attributes.fileKey(), current.fileKey()))) {
                rotateAway(attributes == null ? "renamed or removed" : "replaced by a new file", now, listener);
            }
            if (current == null && attributes != null) {
                current = takeBackRotated(attributes.fileKey());
            }
            readRotated(listener, now);
            if (current == null) {
                if (attributes == null) {
                    noteMissing();
                    readable = false;
                    return;
                }
                current = open(attributes);
                if (current == null) {
                    return;
                }
            }
            readCurrent(attributes, listener);
            readable = true;
        } catch (IOException e) {
            readable = false;
            throw e;
        } finally {
            listener.endOfRead();
        }
    }

    private BasicFileAttributes attributesOrNull() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private FollowedFile open(BasicFileAttributes attributes) throws IOException {
        if (!attributes.isRegularFile()) {
            throw new IOException(label.toLowerCase(Locale.ROOT) + " " + path + " is not a regular file");
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException vanished) {
            return null;
        }
        // The file may have been replaced between the look and the open; then we cannot tell which one
        // we hold, so let go and try again at the next read rather than read a file twice.
        BasicFileAttributes after = attributesOrNull();
        if (after == null || !Objects.equals(after.fileKey(), attributes.fileKey())) {
            opened.close();
            return null;
        }
        if (waitingLogged) {
            LOG.info(() -> label + " " + path + " appeared; following it");
        }
        waitingLogged = false;
        return new FollowedFile(opened, attributes.fileKey());
    }

    private void readCurrent(BasicFileAttributes attributes, LineListener listener) throws IOException {
        if (current.readNew(attributes.size(), attributes.lastModifiedTime(), buffer, listener)
                == FollowedFile.Result.TRUNCATED) {
            readTruncated(current, attributes.size(), attributes.lastModifiedTime(), listener, "");
        }
    }

    /**
     * Reads what was appended to a truncated file after the last read from logrotate's copy, when there
     * is one, then starts over at the file's beginning.
     *
     * @param size     the file's size as just seen, to tell whether it grew again
     * @param modified its modification time as just seen, or null when not known
     * @param which    "" for the file at the path, or the words that say which old file it is
     */
    private void readTruncated(FollowedFile file, long size, FileTime modified, LineListener listener, String which)
            throws IOException {
        long offset = file.position();
        String copy = readOnInCopy(file, listener);
        LOG.info(() -> label + " " + path + which + " was truncated" + (size >= offset ? " and grew again" : "")
                + (copy == null ? "" : "; read what was appended before that from its copy " + copy)
                + "; reading it from the beginning");
        file.restart();
        file.readNew(size, modified, buffer, listener);
    }

    /**
     * Reads on from the offset of a truncated file in the copy logrotate made of it, if one is found.
     * The copy is complete, so its unterminated last line is passed on too.
     *
     * @return the copy's path, or null when there is none
     */
    private String readOnInCopy(FollowedFile file, LineListener listener) {
        try {
            for (Path candidate : RotatedCopies.longerThan(path, file.position())) {
                try (FileChannel copy = FileChannel.open(candidate, StandardOpenOption.READ)) {
                    if (file.readOnIn(copy, buffer, listener)) {
                        file.flushPartialLine(listener);
                        return candidate.toString();
                    }
                } catch (IOException gone) {
                    // Removed or unreadable meanwhile: not the copy we can use.
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> label + " " + path + " was truncated, and its folder could not be "
                    + "searched for a copy of it: " + e);
        }
        return null;
    }

    private void rotateAway(String how, long now, LineListener listener) {
        FollowedFile old = current;
        current = null;
        old.retired(now);
        rotated.addLast(old);
        LOG.info(() -> label + " " + path + " was " + how + "; reading the old file until its writer is done with it");
        if (rotated.size() > MAX_ROTATED) {
            finish(rotated.removeFirst(), listener, Level.WARNING, "more than " + MAX_ROTATED + " old files are being read");
        }
    }

    /** The old file with this key, taken back as the path's file (it was renamed back), or null. */
    private FollowedFile takeBackRotated(Object fileKey) {
        if (fileKey == null) {
            return null;
        }
        for (Iterator<FollowedFile> it = rotated.iterator(); it.hasNext();) {
            FollowedFile old = it.next();
            if (fileKey.equals(old.fileKey())) {
                it.remove();
                return old;
            }
        }
        return null;
    }

    private void readRotated(LineListener listener, long now) {
        for (Iterator<FollowedFile> it = rotated.iterator(); it.hasNext();) {
            FollowedFile old = it.next();
            Level level = Level.INFO;
            String done = null;
            try {
                long size = old.size();
                FollowedFile.Result result = old.readNew(size, null, buffer, listener);
                if (result == FollowedFile.Result.TRUNCATED) {
                    readTruncated(old, size, null, listener, " (the old file, renamed or removed)");
                    result = FollowedFile.Result.READ;
                }
                if (result == FollowedFile.Result.READ) {
                    old.grew(now);
                }
                if (now - old.lastGrowthNanos() >= ROTATED_QUIET.toNanos()) {
                    done = "nothing was appended to it for " + ROTATED_QUIET.toSeconds() + " s";
                } else if (now - old.retiredNanos() >= ROTATED_LONGEST.toNanos()) {
                    level = Level.WARNING;
                    done = "it was still appended to " + ROTATED_LONGEST.toMinutes() + " min after it was "
                            + "rotated away; what its writer appends from now on is not read (is the writer "
                            + "told to reopen the path?)";
                }
            } catch (IOException e) {
                level = Level.WARNING;
                done = "it could not be read: " + e;
            }
            if (done != null) {
                it.remove();
                finish(old, listener, level, done);
            }
        }
    }

    private void finish(FollowedFile old, LineListener listener, Level level, String why) {
        try {
            old.flushPartialLine(listener);
        } finally {
            old.close();
        }
        LOG.log(level, () -> label + " " + path + ": finished the old file; " + why);
    }

    private void noteMissing() {
        if (!waitingLogged) {
            waitingLogged = true;
            LOG.log(Level.WARNING, () -> label + " " + path + " does not exist; waiting for it to appear");
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

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        rotated.forEach(FollowedFile::close);
        rotated.clear();
    }
}
