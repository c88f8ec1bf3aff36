package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of docs/benchmarks.md the suite owns: between {@link #BEGIN} and {@link #END}. Everything else in
 * the file is written by hand and kept. Without the markers, the block goes before the first "## " heading.
 */
final class DocBlock {
    static final String BEGIN = "<!-- benchmarks:begin: written by src/bench/run-benchmarks; edits in here are overwritten -->";
    static final String END = "<!-- benchmarks:end -->";

    private DocBlock() {
    }

    static void write(Path doc, String block) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        String marked = BEGIN + "\n" + block.strip() + "\n" + END;
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String result;
        if (begin >= 0 && end > begin) {
            result = text.substring(0, begin) + marked + text.substring(end + END.length());
        } else {
            int heading = text.indexOf("\n## ");
            int at = heading < 0 ? text.length() : heading + 1;
            result = text.substring(0, at) + marked + "\n\n" + text.substring(at);
        }
        Files.createDirectories(doc.toAbsolutePath().getParent());
        Files.writeString(doc, result, StandardCharsets.UTF_8);
    }
}
