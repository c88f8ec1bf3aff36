package org.lustrecollector.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends trap lines the way a producer does: whole lines, one write per batch. */
final class TrapFileWriter {
    private TrapFileWriter() {
    }

    static String line(String id, long time, int category, String fs, String node, String message) {
        return id + "\t" + time + "\t" + category + "\t" + fs + "\t" + node + "\t" + message + "\n";
    }

    static void append(Path file, CharSequence lines) throws IOException {
        Files.write(file, lines.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }
}
