package org.lustrecollector.trapfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.follow.AppendedFileFollower;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.logging.RecordingLogHandler;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapStore;

class TrapFileIngestTest {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_795_760_000L));
    private static final String SOURCE = "/var/spool/traps";

    @TempDir
    Path dir;

    private final RecordingLogHandler logs = new RecordingLogHandler();
    private final AtomicLong malformed = new AtomicLong();
    private TrapStore store;
    private TrapFileIngest ingest;

    @BeforeEach
    void setUp() {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logs.setLevel(Level.ALL);
        logger.addHandler(logs);
        store = new TrapStore(100_000, Duration.ofDays(1), CLOCK);
        ingest = new TrapFileIngest(SOURCE, store, malformed, new RateLimitedLog(logger, 20, Duration.ofMinutes(1), CLOCK));
    }

    private static String trapLine(String id) {
        return id + "\t1795760000\t2\tlustre\tlustre-OST0001\tmessage of " + id;
    }

    private List<String> storedIds() {
        return store.since(0).traps().stream().map(t -> t.trap().id()).toList();
    }

    @Test
    void goodLinesBecomeTrapsAtEndOfRead() {
        ingest.line(trapLine("a"), 1);
        ingest.line(trapLine("b"), 2);
        assertEquals(0, store.size(), "not published line by line");
        ingest.endOfRead();
        assertEquals(List.of("a", "b"), storedIds());
        Trap a = store.since(0).traps().get(0).trap();
        assertEquals(new Trap("a", 1795760000L, Category.CRITICAL, "lustre", "lustre-OST0001", "message of a"), a);
        assertEquals(0, malformed.get());
        assertTrue(logs.records.isEmpty());
    }

    @Test
    void badLinesAreCountedAndLoggedAndTheirNeighboursKept() {
        ingest.line(trapLine("a"), 1);
        ingest.line("b\tnot-a-time\t2\tlustre\tnode\tmsg", 2);
        ingest.line(trapLine("c"), 3);
        ingest.badLine(4, "control characters (binary data?)", 42);
        ingest.line(trapLine("d"), 5);
        ingest.line("e\t1\turgent\tlustre\tnode\tmsg", 6);
        ingest.endOfRead();

        assertEquals(List.of("a", "c", "d"), storedIds());
        assertEquals(3, malformed.get());
        List<String> messages = logs.messages();
        assertEquals(3, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains(SOURCE + " line 2") && messages.get(0).contains("time"), messages.get(0));
        assertTrue(messages.get(1).contains(SOURCE + " line 4") && messages.get(1).contains("control"),
                messages.get(1));
        assertTrue(messages.get(2).contains(SOURCE + " line 6") && messages.get(2).contains("urgent"),
                messages.get(2));
        assertTrue(logs.records.stream().allMatch(r -> r.getLevel() == Level.WARNING));
    }

    @Test
    void commentsAndEmptyLinesAreNeitherStoredNorCounted() {
        ingest.line("# header", 1);
        ingest.line("", 2);
        ingest.line("   ", 3);
        ingest.line(trapLine("a"), 4);
        ingest.endOfRead();
        assertEquals(List.of("a"), storedIds());
        assertEquals(0, malformed.get());
        assertTrue(logs.records.isEmpty());
    }

    @Test
    void aStormOfBadLinesIsCountedInFullButLoggedRateLimited() {
        for (int i = 1; i <= 100; i++) {
            ingest.line("junk " + i, i);
        }
        ingest.line(trapLine("survivor"), 101);
        ingest.endOfRead();
        assertEquals(100, malformed.get());
        assertEquals(20, logs.records.size());
        assertEquals(List.of("survivor"), storedIds());
    }

    @Test
    void fullBatchesAreStoredAtOnceAndTheRestAtEndOfRead() {
        int size = TrapFileIngest.BATCH_SIZE;
        for (int i = 0; i < size - 1; i++) {
            ingest.line(trapLine("t" + i), i + 1);
        }
        assertEquals(0, store.size(), "a batch not yet full waits");
        ingest.line(trapLine("t" + (size - 1)), size);
        assertEquals(size, store.size(), "a full batch is stored at once");
        for (int i = size; i < size + 10; i++) {
            ingest.line(trapLine("t" + i), i + 1);
        }
        assertEquals(size, store.size(), "the next batch waits for endOfRead");
        ingest.endOfRead();
        assertEquals(size + 10, store.size());
        List<String> ids = storedIds();
        for (int i = 0; i < size + 10; i++) {
            assertEquals("t" + i, ids.get(i));
        }
    }

    @Test
    void endOfReadWithNothingPendingChangesNothing() {
        ingest.endOfRead();
        ingest.line(trapLine("a"), 1);
        ingest.endOfRead();
        ingest.endOfRead();
        assertEquals(List.of("a"), storedIds());
        assertEquals(1, store.counts().totalReceived(), "the batch is not stored twice");
    }

    @Test
    void endToEndFromAFileWithBadLinesBetweenGoodOnes() throws IOException {
        Path file = dir.resolve("traps");
        Files.writeString(file, trapLine("a") + "\n" + "# comment\n", StandardCharsets.UTF_8);
        Files.write(file, new byte[] {'x', 0, (byte) 0xFF, 7, '\n'}, StandardOpenOption.APPEND);
        Files.writeString(file, trapLine("b") + "\n" + "z".repeat(5000) + "\n" + trapLine("c") + "\n"
                + "only\tfour\tfields\there\n" + trapLine("d"), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (AppendedFileFollower reader = new AppendedFileFollower(file, "Trap file")) {
            reader.read(ingest);
            assertEquals(List.of("a", "b", "c"), storedIds(), "d is not terminated yet");
            assertEquals(3, malformed.get());
            Files.writeString(file, "\n", StandardOpenOption.APPEND);
            reader.read(ingest);
            assertEquals(List.of("a", "b", "c", "d"), storedIds());
            assertEquals(3, malformed.get());
        }
    }
}
