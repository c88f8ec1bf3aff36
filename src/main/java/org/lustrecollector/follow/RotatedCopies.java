package org.lustrecollector.follow;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds where logrotate may have copied a file before truncating it ({@code copytruncate}): the files
 * next to it whose name starts with its name ({@code kern.log.1}, {@code kern.log-20241127}), newest
 * first. Only looked for after a truncation, so it costs nothing while a file just grows.
 */
final class RotatedCopies {
    /** At most this many siblings are tried: a rotation keeps a few. */
    static final int MAX_CANDIDATES = 16;

    private RotatedCopies() {
    }

    /** The candidate copies of {@code path} that are longer than {@code longerThan} bytes. */
    static List<Path> longerThan(Path path, long longerThan) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path folder = absolute.getParent();
        String name = absolute.getFileName().toString();
        record Candidate(Path path, FileTime modified) {
        }
        List<Candidate> found = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder,
                entry -> {
                    String other = entry.getFileName().toString();
                    return other.length() > name.length() && other.startsWith(name);
                })) {
            for (Path sibling : siblings) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(sibling, BasicFileAttributes.class);
                } catch (IOException gone) {
                    continue;
                }
                if (attributes.isRegularFile() && attributes.size() > longerThan) {
                    found.add(new Candidate(sibling, attributes.lastModifiedTime()));
                }
            }
        }
        return found.stream()
                .sorted(Comparator.comparing(Candidate::modified).reversed())
                .limit(MAX_CANDIDATES)
                .map(Candidate::path)
                .toList();
    }
}
