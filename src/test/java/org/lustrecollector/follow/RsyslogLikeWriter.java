package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes numbered lines as rsyslog's omfile does: it keeps its descriptor (opened in append mode) whatever
 * happens to the path, and opens the path again only when it gets a HUP. Remembers every line it wrote.
 */
final class RsyslogLikeWriter implements AutoCloseable {
    private final Path path;
    private final String prefix;
    private final List<String> written = new ArrayList<>();
    private FileChannel channel;

    RsyslogLikeWriter(Path path, String prefix) throws IOException {
        this.path = path;
        this.prefix = prefix;
        reopen();
    }

    /** Appends {@code count} whole lines, each in one write; each line differs from every other one. */
    void lines(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String line = String.format("%s %06d Lustre: lustre-OST0001: the same message every time", prefix,
                    written.size());
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            written.add(line);
        }
    }

    /** What rsyslog does on SIGHUP: closes its file and opens the path again, creating it if need be. */
    void hup() throws IOException {
        channel.close();
        reopen();
    }

    private void reopen() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    List<String> written() {
        return List.copyOf(written);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
