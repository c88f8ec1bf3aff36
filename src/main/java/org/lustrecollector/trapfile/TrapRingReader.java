package org.lustrecollector.trapfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.lustrecollector.follow.AppendedFileFollower;
import org.lustrecollector.follow.FileFollower;
import org.lustrecollector.follow.LineListener;
import org.lustrecollector.follow.LineSplitter;

/**
 * Reads a procfs-style trap file: it reports size 0, can only be read whole, and holds the most recent
 * traps in a ring. Each read takes the whole file; a line is new when its id (or, for a line that is not
 * text, its bytes) was not in the previous read.
 */
public final class TrapRingReader implements FileFollower {
    private static final Logger LOG = Logger.getLogger(TrapRingReader.class.getName());

    /** A kernel ring is small; anything bigger is not a trap ring and is not read further. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocate(AppendedFileFollower.CHUNK_BYTES);
    private final LineSplitter splitter = new LineSplitter();

    private Set<String> previousIds = Set.of();
    private Set<Long> previousBadLines = Set.of();
    private boolean missingLogged;
    private boolean readable;

    public TrapRingReader(Path path) {
        this.path = path;
    }

    @Override
    public void read(LineListener listener) throws IOException {
        Set<String> ids = new HashSet<>(Math.max(16, previousIds.size() * 2));
        Set<Long> badLines = new HashSet<>();
        LineListener newOnly = new LineListener() {
            @Override
            public void line(String text, long lineNumber) {
                String id = idOf(text);
                if (ids.add(id) && !previousIds.contains(id)) {
                    listener.line(text, lineNumber);
                }
            }

            @Override
            public void badLine(long lineNumber, String reason, long fingerprint) {
                if (badLines.add(fingerprint) && !previousBadLines.contains(fingerprint)) {
                    listener.badLine(lineNumber, reason, fingerprint);
                }
            }
        };
        splitter.reset();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long total = 0;
            while (total < MAX_BYTES) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                total += n;
                buffer.flip();
                splitter.feed(buffer, newOnly);
            }
            if (total >= MAX_BYTES) {
                LOG.warning(() -> "Trap file " + path + " holds more than " + MAX_BYTES + " bytes; read only that much");
            }
            splitter.flushPartialLine(newOnly);
            previousIds = ids;
            previousBadLines = badLines;
            readable = true;
            missingLogged = false;
        } catch (NoSuchFileException e) {
            readable = false;
            if (!missingLogged) {
                missingLogged = true;
                LOG.log(Level.WARNING, () -> "Trap file " + path + " does not exist; waiting for it to appear");
            }
        } catch (IOException e) {
            readable = false;
            throw e;
        } finally {
            listener.endOfRead();
        }
    }

    /** The id field, or the whole line when it has no TAB (a malformed line is then recognised by its text). */
    private static String idOf(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
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
        return false;
    }

    @Override
    public void close() {
        // Nothing stays open between reads.
    }
}
