package org.lustrecollector.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.logging.RecordingLogHandler;

/**
 * Rotation styles with a writer that behaves like rsyslog: every line written is read exactly once, and
 * in the order written (one writer never writes to an older file after a newer one).
 */
class AppendedFileFollowerRotationTest {
    private static final long QUIET = AppendedFileFollower.ROTATED_QUIET.toNanos();

    @TempDir
    Path dir;

    private Path file;
    private long nanos;
    private AppendedFileFollower follower;
    private Logrotate logrotate;
    private final List<String> read = new ArrayList<>();
    private final RecordingLogHandler logs = new RecordingLogHandler();
    private final LineListener listener = new LineListener() {
        @Override
        public void line(String text, long lineNumber) {
            read.add(text);
        }

        @Override
        public void badLine(long lineNumber, String reason, long fingerprint) {
            read.add("bad line " + lineNumber + ": " + reason);
        }
    };

    @BeforeEach
    void setUp() {
        file = dir.resolve("kern.log");
        follower = new AppendedFileFollower(file, "Kernel log", () -> nanos);
        logrotate = new Logrotate(file);
        logs.attachTo(AppendedFileFollower.class);
    }

    @AfterEach
    void tearDown() {
        follower.close();
        logs.detach();
    }

    private void read() throws IOException {
        follower.read(listener);
    }

    /** Like assertEquals on the lists, but names the first difference instead of printing thousands of lines. */
    private static void assertSameLines(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertEquals(expected.get(i), actual.get(i), "line " + i + " of " + expected.size() + " written, "
                        + actual.size() + " read");
            }
        }
        assertEquals(expected.size(), actual.size(), "lines read");
    }

    private long logged(String part) {
        return logs.messages().stream().filter(m -> m.contains(part)).count();
    }

    @Test
    void logrotateCreateLosesNothingTheWriterAppendsBeforeItsHup() throws IOException {
        int rounds = 20;
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "create")) {
            for (int round = 0; round < rounds; round++) {
                writer.lines(50);
                read();
                logrotate.create(4);
                read(); // sees the new, empty file at the path
                writer.lines(50); // still into the renamed file: no HUP yet
                read();
                writer.lines(50);
                writer.hup(); // postrotate
                writer.lines(50);
                read();
                nanos += QUIET;
            }
            read();
            assertSameLines(writer.written(), read);
            assertEquals(rounds * 200, read.size());
        }
        assertEquals(rounds, logged("finished the old file; nothing was appended to it"), logs.messages()::toString);
        assertEquals(0, logs.count(Level.WARNING), logs.messages()::toString);
    }

    @Test
    void logrotateCreateWithNoReadBetweenTheRenameAndTheHupLosesNothing() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "create")) {
            writer.lines(50);
            read();
            writer.lines(50);
            logrotate.create(4);
            writer.lines(50);
            writer.hup();
            writer.lines(50);
            read();
            nanos += QUIET;
            read();
            assertSameLines(writer.written(), read);
        }
    }

    @Test
    void renameWithNothingAtThePathUntilTheHupLosesNothing() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "rename")) {
            writer.lines(30);
            read();
            Files.move(file, logrotate.rotated(1));
            writer.lines(30);
            read();
            assertFalse(follower.readable(), "nothing at the path");
            nanos += QUIET / 2;
            writer.lines(30);
            read();
            nanos += QUIET / 2;
            writer.lines(30);
            writer.hup(); // creates the file at the path again
            writer.lines(30);
            read();
            assertTrue(follower.readable());
            nanos += QUIET;
            read();
            assertSameLines(writer.written(), read);
            assertEquals(150, read.size());
        }
    }

    @Test
    void deleteWhileWritingLosesNothing() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "delete")) {
            writer.lines(30);
            read();
            writer.lines(30);
            Files.delete(file);
            writer.lines(30); // into the deleted file, which the writer still holds
            read();
            assertFalse(follower.readable());
            writer.lines(30);
            writer.hup();
            writer.lines(30);
            read();
            nanos += QUIET;
            read();
            assertSameLines(writer.written(), read);
            assertEquals(150, read.size());
            assertTrue(logged("finished the old file") == 1, logs.messages()::toString);
        }
    }

    @Test
    void copytruncateLosesNothingWhenTheFileRegrewPastTheOldOffsetBeforeTheNextRead() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "copytruncate")) {
            int inFile = 0;
            for (int round = 0; round < 20; round++) {
                writer.lines(50);
                read();
                int offset = inFile + 50;
                writer.lines(10); // not read before the truncation: only the copy has these
                logrotate.copytruncate(4);
                inFile = offset + 1;
                writer.lines(inFile); // past the offset before the next read
                read();
            }
            assertSameLines(writer.written(), read);
        }
        assertEquals(20, logged("was truncated and grew again; read what was appended before that from its copy"),
                logs.messages()::toString);
    }

    @Test
    void copytruncateLosesNothingWhetherTheFileRegrewLessMoreOrNotAtAll() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "copytruncate")) {
            for (int regrown : new int[] {0, 1, 49, 50, 51, 200}) {
                writer.lines(50);
                read();
                logrotate.copytruncate(4);
                writer.lines(regrown);
                read();
                writer.lines(3);
                read();
            }
            assertSameLines(writer.written(), read);
        }
    }

    @Test
    void aTruncationWithoutACopyIsStillNoticedWhenTheFileRegrewPastTheOldOffset() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "truncate")) {
            writer.lines(50);
            read();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            writer.lines(80);
            read();
            assertEquals(writer.written(), read, "the new head of the file is read, not skipped");
        }
        assertEquals(1, logged("was truncated and grew again; reading it from the beginning"), logs.messages()::toString);
    }

    @Test
    void aFileRenamedAwayAndBackIsNotReadTwice() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "back")) {
            writer.lines(20);
            read();
            Path aside = dir.resolve("kern.log.tmp");
            Files.move(file, aside);
            writer.lines(5);
            read();
            Files.move(aside, file);
            writer.lines(5);
            read();
            nanos += QUIET;
            writer.lines(5);
            read();
            assertSameLines(writer.written(), read);
        }
    }

    @Test
    void aWriterThatNeverLetsGoOfTheOldFileIsReadForABoundedTime() throws IOException {
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "stuck")) {
            writer.lines(10);
            read();
            logrotate.create(4); // and no HUP ever
            while (nanos < AppendedFileFollower.ROTATED_LONGEST.toNanos()) {
                writer.lines(1);
                read();
                nanos += QUIET / 2;
            }
            assertEquals(0, logs.count(Level.WARNING), logs.messages()::toString);
            writer.lines(1);
            read();
            assertSameLines(writer.written(), read);
            assertEquals(1, logs.count(Level.WARNING), logs.messages()::toString);
            assertTrue(logs.messages().get(logs.size() - 1).contains("is the writer told to reopen the path?"),
                    logs.messages()::toString);
            int before = read.size();
            writer.lines(1);
            read();
            assertEquals(before, read.size(), "let go of after the limit");
        }
    }

    @Test
    void atMostALimitedNumberOfOldFilesStayOpen() throws IOException {
        List<String> written = new ArrayList<>();
        for (int i = 0; i <= AppendedFileFollower.MAX_ROTATED; i++) {
            Path next = dir.resolve("next");
            Files.writeString(next, "file " + i + "\n");
            written.add("file " + i);
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            read();
        }
        assertEquals(written, read);
        assertEquals(0, logs.count(Level.WARNING), "the limit is reached, not passed");
        Files.writeString(dir.resolve("next"), "one more\n");
        Files.move(dir.resolve("next"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        read();
        assertEquals(1, logs.count(Level.WARNING), logs.messages()::toString);
        assertTrue(logs.messages().stream().anyMatch(m -> m.contains("more than " + AppendedFileFollower.MAX_ROTATED)));
    }

    /**
     * Rotations, HUPs, writes and reads in a random (seeded) order. Within the guarantee: the writer gets
     * its HUP within a few steps of a {@code create} rotation (well inside the quiet period); a file is
     * renamed away only after the follower opened it (it cannot follow a file it never saw), and
     * truncated only after the follower read some of it (with nothing read it has nothing to tell a
     * truncated file by).
     */
    @Test
    void aRandomMixOfRotationsLosesNothing() throws IOException {
        Random random = new Random(20241127);
        try (RsyslogLikeWriter writer = new RsyslogLikeWriter(file, "mix")) {
            read(); // the collector is running before rotations happen
            int stepsSinceRename = -1;
            boolean opened = true;
            boolean contentSeen = false;
            for (int step = 0; step < 2_000; step++) {
                int action = random.nextInt(10);
                if (stepsSinceRename >= 4) {
                    action = 9;
                }
                switch (action) {
                    case 0, 1, 2, 3 -> writer.lines(1 + random.nextInt(20));
                    case 4, 5 -> {
                        read();
                        assertEquals(writer.written().size(), read.size(), "every line written is read at once");
                        opened = true;
                        contentSeen |= Files.size(file) > 0;
                    }
                    case 6 -> {
                        if (stepsSinceRename < 0 && opened) {
                            logrotate.create(4);
                            opened = false;
                            contentSeen = false;
                            stepsSinceRename = 0;
                        }
                    }
                    case 7 -> {
                        if (contentSeen) {
                            logrotate.copytruncate(4);
                            contentSeen = false;
                        }
                    }
                    case 8 -> nanos += random.nextLong(QUIET / 10);
                    default -> {
                        writer.hup();
                        stepsSinceRename = -1;
                    }
                }
                if (stepsSinceRename >= 0) {
                    stepsSinceRename++;
                }
            }
            writer.hup();
            writer.lines(1);
            read();
            nanos += QUIET;
            read();
            assertSameLines(writer.written(), read);
        }
    }
}
