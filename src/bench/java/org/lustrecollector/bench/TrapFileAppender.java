package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends bytes to a regular trap file as a producer does: one write call, as far as the kernel takes it. */
final class TrapFileAppender {
    private TrapFileAppender() {
    }

    static void append(Path trapFile, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(trapFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
