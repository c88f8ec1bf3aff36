package org.lustrecollector.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.logging.RecordingLogHandler;

class AppendedFileFollowerTest {

    @TempDir
    Path dir;

    private Path file;
    private AppendedFileFollower reader;
    private final RecordingLineListener recorder = new RecordingLineListener();
    private final RecordingLogHandler logs = new RecordingLogHandler();
    private long nanos;

    @BeforeEach
    void setUp() {
        file = dir.resolve("traps");
        reader = new AppendedFileFollower(file, "Trap file", () -> nanos);
        logs.attachTo(AppendedFileFollower.class);
    }

    @AfterEach
    void tearDown() {
        reader.close();
        logs.detach();
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static void append(Path p, String text) throws IOException {
        append(p, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(Path p, byte[] bytes) throws IOException {
        Files.write(p, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private List<String> read() throws IOException {
        reader.read(recorder);
        return recorder.take();
    }

    @Test
    void readsTheWholeExistingFileAtStart() throws IOException {
        write(file, "one\ntwo\nthree\n");
        assertEquals(List.of("1:one", "2:two", "3:three"), read());
        assertTrue(reader.readable());
        assertEquals(1, recorder.endOfReads);
    }

    @Test
    void afterwardsReadsOnlyNewBytes() throws IOException {
        write(file, "one\ntwo\n");
        assertEquals(List.of("1:one", "2:two"), read());
        assertEquals(List.of(), read());
        append(file, "three\n");
        assertEquals(List.of("3:three"), read());
        append(file, "four\nfive\n");
        assertEquals(List.of("4:four", "5:five"), read());
        assertEquals(List.of(), read());
        assertEquals(5, recorder.endOfReads, "endOfRead after every read");
    }

    @Test
    void partialLastLineWaitsForItsNewline() throws IOException {
        write(file, "whole\npart");
        assertEquals(List.of("1:whole"), read());
        assertEquals(List.of(), read());
        append(file, "ial");
        assertEquals(List.of(), read());
        append(file, " line\nnext\n");
        assertEquals(List.of("2:partial line", "3:next"), read());
    }

    @Test
    void multiByteCharacterSplitBetweenReadsIsReassembled() throws IOException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        append(file, new byte[] {'a', euro[0]});
        assertEquals(List.of(), read());
        append(file, new byte[] {euro[1], euro[2], 'b', '\n'});
        assertEquals(List.of("1:a€b"), read());
    }

    @Test
    void crlfLineEndingsAreHandled() throws IOException {
        write(file, "one\r\ntwo\r");
        assertEquals(List.of("1:one"), read());
        append(file, "\nthree\r\n");
        assertEquals(List.of("2:two", "3:three"), read());
    }

    @Test
    void truncationStartsOverFromTheBeginning() throws IOException {
        write(file, "one\ntwo\nthree\n");
        assertEquals(List.of("1:one", "2:two", "3:three"), read());
        write(file, "new\n"); // same inode, shorter
        assertEquals(List.of("1:new"), read());
        append(file, "more\n");
        assertEquals(List.of("2:more"), read());
    }

    @Test
    void truncationToEmptyThenGrowingAgainIsReadFromTheStart() throws IOException {
        write(file, "one\ntwo\n");
        read();
        write(file, "");
        assertEquals(List.of(), read());
        append(file, "fresh\n");
        assertEquals(List.of("1:fresh"), read());
    }

    @Test
    void truncationDropsAPendingPartialLine() throws IOException {
        write(file, "one\nhalf-a-li");
        assertEquals(List.of("1:one"), read());
        write(file, "x\n");
        assertEquals(List.of("1:x"), read());
    }

    @Test
    void rotationReadsTheOldFileUntilItsWriterIsDoneAndTheNewOneFromItsBeginning() throws IOException {
        write(file, "old1\nold2\n");
        assertEquals(List.of("1:old1", "2:old2"), read());
        // Appended after our last read, then rotated before we look again.
        append(file, "old3\nold-unterminated");
        Path rotated = dir.resolve("traps.1");
        Files.move(file, rotated);
        write(file, "new1\nnew2\n");
        assertEquals(List.of("3:old3", "1:new1", "2:new2"), read(), "the old file's partial line may still end");
        append(file, "new3\n");
        append(rotated, " and its end\nold4\n");
        assertEquals(List.of("4:old-unterminated and its end", "5:old4", "3:new3"), read(),
                "a writer that still holds the old file is read; old file first");
        nanos += AppendedFileFollower.ROTATED_QUIET.toNanos();
        append(rotated, "old-unterminated again");
        assertEquals(List.of(), read(), "it grew, so it is not finished; its partial line waits");
        nanos += AppendedFileFollower.ROTATED_QUIET.toNanos();
        assertEquals(List.of("6:old-unterminated again"), read(), "finished: its partial line is passed on");
        // Nothing came for the quiet period: the rotated-away file is finished, writing to it now is not picked up.
        append(rotated, "too late\n");
        assertEquals(List.of(), read());
        append(file, "new4\n");
        assertEquals(List.of("4:new4"), read());
    }

    @Test
    void rotationWithAPartialLineCompletedBeforeRenameDeliversItWhole() throws IOException {
        write(file, "a\nhal");
        assertEquals(List.of("1:a"), read());
        append(file, "f\n");
        Files.move(file, dir.resolve("traps.1"));
        write(file, "b\n");
        assertEquals(List.of("2:half", "1:b"), read());
    }

    @Test
    void rotationToAnEmptyNewFileLaterFilledIsFollowed() throws IOException {
        write(file, "a\n");
        read();
        Files.move(file, dir.resolve("traps.1"));
        write(file, "");
        assertEquals(List.of(), read());
        append(file, "b\n");
        assertEquals(List.of("1:b"), read());
    }

    @Test
    void deletionAndRecreationBetweenReadsIsSurvived() throws IOException {
        write(file, "a\nb\n");
        assertEquals(List.of("1:a", "2:b"), read());
        append(file, "c\n");
        Files.delete(file);
        write(file, "x\n");
        assertEquals(List.of("3:c", "1:x"), read());
        append(file, "y\n");
        assertEquals(List.of("2:y"), read());
        assertTrue(reader.readable());
    }

    @Test
    void deletionReadWhileMissingThenRecreationIsSurvived() throws IOException {
        write(file, "a\n");
        assertEquals(List.of("1:a"), read());
        append(file, "b\nunterminated");
        Files.delete(file);
        assertEquals(List.of("2:b"), read(), "complete lines of the removed file; the last may still be finished");
        assertFalse(reader.readable());
        assertEquals(List.of(), read());
        assertFalse(reader.readable());
        write(file, "c\n");
        assertEquals(List.of("1:c"), read(), "the new file is followed while the old one may still grow");
        assertTrue(reader.readable());
        nanos += AppendedFileFollower.ROTATED_QUIET.toNanos();
        assertEquals(List.of("3:unterminated"), read(), "the old file is finished after the quiet period");
    }

    @Test
    void aRenamedFileIsStillReadUntilTheNewOneAppears() throws IOException {
        write(file, "a\n");
        assertEquals(List.of("1:a"), read());
        Path rotated = file.resolveSibling("traps.1");
        Files.move(file, rotated);
        assertEquals(List.of(), read());
        // Like rsyslog before its HUP: the writer still holds the renamed file.
        Files.writeString(rotated, "b\npart", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("2:b"), read());
        Files.writeString(rotated, "ial\n", java.nio.file.StandardOpenOption.APPEND);
        write(file, "new\n");
        assertEquals(List.of("3:partial", "1:new"), read());
    }

    @Test
    void missingFileYieldsNothingWarnsOnceAndIsReadOnceItAppears() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), read());
            assertFalse(reader.readable());
        }
        assertEquals(5, recorder.endOfReads, "endOfRead even when there is nothing to read");
        assertEquals(1, logs.count(Level.WARNING), "warned once, not every read");
        assertTrue(logs.records.get(0).getMessage().contains(file.toString()));

        write(file, "one\ntwo\n");
        assertEquals(List.of("1:one", "2:two"), read());
        assertTrue(reader.readable());
        assertEquals(1, logs.count(Level.WARNING));
    }

    @Test
    void theLogNamesTheFileAsItsOwnerCallsIt() throws IOException {
        assertTrue(logs.records.isEmpty());
        read();
        assertTrue(logs.messages().get(0).startsWith("Trap file " + file), logs.messages().get(0));
        try (AppendedFileFollower kernelLog = new AppendedFileFollower(dir.resolve("kern.log"), "Kernel log")) {
            kernelLog.read(recorder);
        }
        assertTrue(logs.messages().get(1).startsWith("Kernel log " + dir.resolve("kern.log")), logs.messages().get(1));
    }

    @Test
    void fileThatDisappearsAgainIsWarnedAboutAgain() throws IOException {
        read();
        read();
        assertEquals(1, logs.count(Level.WARNING));
        write(file, "a\n");
        read();
        Files.delete(file);
        read();
        read();
        assertEquals(2, logs.count(Level.WARNING), "one warning per disappearance");
    }

    @Test
    void readableReflectsState() throws IOException {
        assertFalse(reader.readable(), "not readable before the first read");
        read();
        assertFalse(reader.readable());
        write(file, "");
        read();
        assertTrue(reader.readable(), "an empty file is readable");
        Files.delete(file);
        read();
        assertFalse(reader.readable());
    }

    @Test
    void aDirectoryAtThePathIsAnError() throws IOException {
        Files.createDirectory(file);
        assertThrows(IOException.class, () -> reader.read(recorder));
        assertFalse(reader.readable());
        assertEquals(1, recorder.endOfReads);
    }

    @Test
    void aMegabyteBurstIsDeliveredCompletelyAndInOrder() throws IOException {
        write(file, "before\n");
        assertEquals(List.of("1:before"), read());
        StringBuilder burst = new StringBuilder();
        int lines = 0;
        while (burst.length() < 1_048_576) {
            burst.append("trap-").append(lines).append("\t1795760000\t2\tlustre\tlustre-OST0001\tmessage number ")
                    .append(lines).append('\n');
            lines++;
        }
        append(file, burst.toString());
        reader.read(recorder);
        List<String> got = recorder.take();
        assertEquals(lines, got.size());
        for (int i = 0; i < lines; i++) {
            String expected = (i + 2) + ":trap-" + i + "\t1795760000\t2\tlustre\tlustre-OST0001\tmessage number " + i;
            if (!expected.equals(got.get(i))) {
                assertEquals(expected, got.get(i), "line " + i);
            }
        }
        assertEquals(List.of(), read());
    }

    @Test
    void badLinesArePassedOnWithoutLosingTheirNeighbours() throws IOException {
        append(file, "good1\n");
        append(file, new byte[] {'x', 0, 1, 2, '\n'});
        append(file, "y".repeat(5000) + "\n");
        append(file, new byte[] {(byte) 0xC3, '(', '\n'});
        append(file, "good2\n");
        List<String> got = read();
        assertEquals(5, got.size(), got::toString);
        assertEquals("1:good1", got.get(0));
        assertTrue(got.get(1).startsWith("2!"), got.get(1));
        assertTrue(got.get(2).startsWith("3!"), got.get(2));
        assertTrue(got.get(3).startsWith("4!"), got.get(3));
        assertEquals("5:good2", got.get(4));
    }

    @Test
    void describesItself() {
        assertEquals(file, reader.path());
        assertTrue(reader.watchable());
    }
}
