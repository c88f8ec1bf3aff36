package org.lustrecollector.trapfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.follow.AppendedFileFollower;
import org.lustrecollector.follow.FileFollower;
import org.lustrecollector.follow.LineListener;

class TrapFileFollowersTest {

    @TempDir
    Path dir;

    private static FileFollower open(Path path, TrapFileMode mode) {
        FileFollower reader = TrapFileFollowers.open(path, mode);
        reader.close();
        return reader;
    }

    @Test
    void autoPicksTheProcReaderForAMissingFileUnderProc() {
        Path path = Path.of("/proc/fs/lustre-collector-test-does-not-exist/traps");
        assertFalse(Files.exists(path));
        FileFollower reader = open(path, TrapFileMode.AUTO);
        assertInstanceOf(TrapRingReader.class, reader);
        assertEquals(path, reader.path());
        assertFalse(reader.watchable());
    }

    @Test
    void autoPicksTheProcReaderForAnExistingProcFile() {
        assertInstanceOf(TrapRingReader.class, open(Path.of("/proc/self/status"), TrapFileMode.AUTO));
    }

    @Test
    void autoPicksTheProcReaderUnderSys() {
        assertInstanceOf(TrapRingReader.class,
                open(Path.of("/sys/kernel/lustre-collector-test/traps"), TrapFileMode.AUTO));
    }

    @Test
    void autoPicksTheProcReaderForAProcPathSpelledIndirectly() {
        Path path = Path.of("/tmp/../proc/./fs/lustre-collector-test/traps");
        assertInstanceOf(TrapRingReader.class, open(path, TrapFileMode.AUTO));
    }

    @Test
    void autoPicksTheRegularReaderForATempFile() throws IOException {
        Path file = Files.writeString(dir.resolve("traps"), "a\t1\t0\tfs\tn\tm\n");
        FileFollower reader = open(file, TrapFileMode.AUTO);
        assertInstanceOf(AppendedFileFollower.class, reader);
        assertEquals(file, reader.path());
        assertTrue(reader.watchable());
    }

    @Test
    void autoPicksTheRegularReaderForAFileNotThereYet() {
        Path file = dir.resolve("not/yet/created/traps");
        assertInstanceOf(AppendedFileFollower.class, open(file, TrapFileMode.AUTO));
    }

    @Test
    void autoPicksTheRegularReaderForADirectoryNamedProcElsewhere() throws IOException {
        Path file = Files.createDirectories(dir.resolve("proc/fs/lustre")).resolve("traps");
        assertInstanceOf(AppendedFileFollower.class, open(file, TrapFileMode.AUTO));
    }

    @Test
    void explicitModesOverrideTheFileSystem() throws IOException {
        Path temp = Files.writeString(dir.resolve("traps"), "");
        Path proc = Path.of("/proc/self/status");
        assertInstanceOf(TrapRingReader.class, open(temp, TrapFileMode.PROCFS));
        assertInstanceOf(AppendedFileFollower.class, open(proc, TrapFileMode.REGULAR));
        assertInstanceOf(AppendedFileFollower.class, open(temp, TrapFileMode.REGULAR));
        assertInstanceOf(TrapRingReader.class, open(proc, TrapFileMode.PROCFS));
    }

    @Test
    void theChosenReaderReallyReadsTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("traps"), "one\n");
        try (FileFollower reader = TrapFileFollowers.open(file, TrapFileMode.AUTO)) {
            StringBuilder seen = new StringBuilder();
            reader.read(new LineListener() {
                @Override
                public void line(String text, long lineNumber) {
                    seen.append(lineNumber).append(':').append(text);
                }

                @Override
                public void badLine(long lineNumber, String reason, long fingerprint) {
                    seen.append("bad");
                }
            });
            assertEquals("1:one", seen.toString());
            assertTrue(reader.readable());
        }
    }
}
