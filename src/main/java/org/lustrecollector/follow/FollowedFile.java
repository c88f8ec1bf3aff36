package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file read through its open descriptor: the offset reached, the partial line there, and the last
 * bytes read before the offset. Those bytes tell a truncated file from a grown one even when the file
 * grew past the offset again after the truncation: before new bytes are passed on, the bytes before
 * the offset are read again (in the same read as the new ones) and compared.
 */
final class FollowedFile implements AutoCloseable {
    /**
     * How many bytes before the offset are compared: more than the longest line kept as text, so that
     * they hold the start of a line (a trap id, a time stamp) and not only the end of a message that
     * repeats.
     */
    static final int TAIL_BYTES = LineSplitter.MAX_LINE_BYTES + 1;

    enum Result {
        /** Nothing new (and nothing read when the size and the modification time are those of the last read). */
        UNCHANGED,
        /** New bytes were read and passed on. */
        READ,
        /** The file is shorter than the offset, or its bytes before the offset are not those read: nothing was read. */
        TRUNCATED
    }

    private final FileChannel channel;
    private final Object fileKey;
    private final LineSplitter splitter = new LineSplitter();
    private final byte[] tail = new byte[TAIL_BYTES];
    private int tailLength;
    private long position;
    /** The modification time the last read started from; null when not known. */
    private FileTime modified;
    private long retiredNanos;
    private long lastGrowthNanos;

    FollowedFile(FileChannel channel, Object fileKey) {
        this.channel = channel;
        this.fileKey = fileKey;
    }

    Object fileKey() {
        return fileKey;
    }

    long position() {
        return position;
    }

    /** The size of the open file, whatever name it has now (fstat). */
    long size() throws IOException {
        return channel.size();
    }

    /**
     * Passes on the complete lines appended since the last read.
     *
     * @param size     the file's size as just seen
     * @param modified its modification time as just seen, or null when not known
     */
    Result readNew(long size, FileTime modified, ByteBuffer buffer, LineListener listener) throws IOException {
        if (size < position) {
            return Result.TRUNCATED;
        }
        if (size == position && Objects.equals(modified, this.modified)) {
            return Result.UNCHANGED;
        }
        Result result = readOn(channel, buffer, listener);
        if (result != Result.TRUNCATED) {
            this.modified = modified;
        }
        return result;
    }

    /**
     * Reads on from the offset in {@code copy}, another file that holds the same bytes before the offset
     * (the copy logrotate's {@code copytruncate} made). False, with nothing read, when its bytes differ.
     */
    boolean readOnIn(FileChannel copy, ByteBuffer buffer, LineListener listener) throws IOException {
        return readOn(copy, buffer, listener) != Result.TRUNCATED;
    }

    /**
     * One read from {@link #TAIL_BYTES} before the offset: the first bytes are compared with those kept,
     * the rest is new. Further reads follow while they fill the buffer; a short read is the end of the
     * file for now.
     */
    private Result readOn(FileChannel source, ByteBuffer buffer, LineListener listener) throws IOException {
        buffer.clear();
        int got = Math.max(0, source.read(buffer, position - tailLength));
        if (got < tailLength || !Arrays.equals(buffer.array(), 0, tailLength, tail, 0, tailLength)) {
            return Result.TRUNCATED;
        }
        Result result = Result.UNCHANGED;
        int skip = tailLength;
        while (got > skip) {
            result = Result.READ;
            int count = got - skip;
            position += count;
            remember(buffer.array(), skip, count);
            buffer.flip();
            buffer.position(skip);
            splitter.feed(buffer, listener);
            if (got < buffer.capacity()) {
                break;
            }
            buffer.clear();
            got = Math.max(0, source.read(buffer, position));
            skip = 0;
        }
        return result;
    }

    /** Keeps the last {@link #TAIL_BYTES} bytes read. */
    private void remember(byte[] bytes, int from, int count) {
        if (count >= TAIL_BYTES) {
            System.arraycopy(bytes, from + count - TAIL_BYTES, tail, 0, TAIL_BYTES);
            tailLength = TAIL_BYTES;
            return;
        }
        int keep = Math.min(tailLength, TAIL_BYTES - count);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(bytes, from, tail, keep, count);
        tailLength = keep + count;
    }

    /** Starts over at the beginning of the file, forgetting a partial line: for a truncated file. */
    void restart() {
        position = 0;
        tailLength = 0;
        modified = null;
        splitter.reset();
    }

    /** Passes on an unterminated last line as complete: for a file that will not grow any more. */
    void flushPartialLine(LineListener listener) {
        splitter.flushPartialLine(listener);
    }

    /** Notes that the path no longer names this file; it counts as growing from now on. */
    void retired(long nanos) {
        retiredNanos = nanos;
        lastGrowthNanos = nanos;
    }

    void grew(long nanos) {
        lastGrowthNanos = nanos;
    }

    long retiredNanos() {
        return retiredNanos;
    }

    long lastGrowthNanos() {
        return lastGrowthNanos;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // A read-only channel has nothing to flush; nothing is lost.
        }
    }
}
