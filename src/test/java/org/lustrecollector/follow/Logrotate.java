package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** What logrotate does to a file, without its postrotate script (the test sends the HUP itself). */
final class Logrotate {
    private final Path path;

    Logrotate(Path path) {
        this.path = path;
    }

    /** {@code create}: older copies move up one number, the file is renamed to .1 and an empty one created. */
    void create(int keep) throws IOException {
        shift(keep);
        Files.move(path, rotated(1));
        Files.createFile(path);
    }

    /** {@code copytruncate}: older copies move up one number, the file is copied to .1, then truncated in place. */
    void copytruncate(int keep) throws IOException {
        shift(keep);
        Files.copy(path, rotated(1));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    Path rotated(int number) {
        return path.resolveSibling(path.getFileName() + "." + number);
    }

    private void shift(int keep) throws IOException {
        Files.deleteIfExists(rotated(keep));
        for (int n = keep - 1; n >= 1; n--) {
            if (Files.exists(rotated(n))) {
                Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
