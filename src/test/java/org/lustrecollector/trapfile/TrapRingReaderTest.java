package org.lustrecollector.trapfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.follow.RecordingLineListener;
import org.lustrecollector.logging.RecordingLogHandler;

class TrapRingReaderTest {

    @TempDir
    Path dir;

    private Path file;
    private TrapRingReader reader;
    private final RecordingLineListener recorder = new RecordingLineListener();
    private final RecordingLogHandler logs = new RecordingLogHandler();

    @BeforeEach
    void setUp() {
        file = dir.resolve("traps");
        reader = new TrapRingReader(file);
        logs.attachTo(TrapRingReader.class);
    }

    @AfterEach
    void tearDown() {
        reader.close();
        logs.detach();
    }

    private static String trap(int n) {
        return "t" + n + "\t179576" + String.format("%04d", n) + "\t1\tlustre\tlustre-OST0001\tevent " + n;
    }

    /** The ring holding traps first..last, newest last. */
    private void ring(int first, int last) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int n = first; n <= last; n++) {
            sb.append(trap(n)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private List<String> read() throws IOException {
        reader.read(recorder);
        return recorder.take();
    }

    @Test
    void firstReadDeliversTheWholeFile() throws IOException {
        ring(1, 3);
        assertEquals(List.of("1:" + trap(1), "2:" + trap(2), "3:" + trap(3)), read());
        assertTrue(reader.readable());
        assertEquals(1, recorder.endOfReads);
    }

    @Test
    void unchangedFileDeliversNothingNew() throws IOException {
        ring(1, 3);
        read();
        assertEquals(List.of(), read());
        assertEquals(List.of(), read());
        assertEquals(3, recorder.endOfReads);
    }

    @Test
    void ringThatDropsOldLinesAndAddsNewOnesDeliversJustTheNewOnes() throws IOException {
        ring(1, 5);
        assertEquals(5, read().size());
        ring(3, 8); // 1 and 2 fell out of the ring, 6-8 are new
        assertEquals(List.of("4:" + trap(6), "5:" + trap(7), "6:" + trap(8)), read());
        ring(8, 9);
        assertEquals(List.of("2:" + trap(9)), read());
    }

    @Test
    void ringThatWrappedCompletelyDeliversEverything() throws IOException {
        ring(1, 3);
        read();
        ring(10, 12);
        assertEquals(List.of("1:" + trap(10), "2:" + trap(11), "3:" + trap(12)), read());
    }

    @Test
    void newnessIsDecidedByIdNotByWholeLine() throws IOException {
        Files.writeString(file, "a\t1\t0\tfs\tn\tfirst text\n");
        assertEquals(List.of("1:a\t1\t0\tfs\tn\tfirst text"), read());
        // The same id with different text (e.g. a re-rendered message) is not a new trap.
        Files.writeString(file, "a\t1\t0\tfs\tn\tother text\nb\t2\t0\tfs\tn\tnew\n");
        assertEquals(List.of("2:b\t2\t0\tfs\tn\tnew"), read());
    }

    @Test
    void duplicateIdWithinOneReadIsDeliveredOnce() throws IOException {
        Files.writeString(file, trap(1) + "\n" + trap(1) + "\n" + trap(2) + "\n");
        assertEquals(List.of("1:" + trap(1), "3:" + trap(2)), read());
    }

    @Test
    void unterminatedLastLineIsDelivered() throws IOException {
        Files.writeString(file, trap(1) + "\n" + trap(2));
        assertEquals(List.of("1:" + trap(1), "2:" + trap(2)), read());
        assertEquals(List.of(), read());
    }

    @Test
    void binaryLineThatStaysInTheRingIsReportedOnce() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((trap(1) + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {'g', 0, 1, (byte) 0xFF, '\n'});
        out.writeBytes((trap(2) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, out.toByteArray());
        List<String> first = read();
        assertEquals(3, first.size(), first::toString);
        assertTrue(first.get(1).startsWith("2!"), first.get(1));

        assertEquals(List.of(), read(), "the same bad line, still in the ring, is not reported again");

        // The ring moves on: the bad line is now first, a new trap follows; only the new trap is delivered.
        out.reset();
        out.writeBytes(new byte[] {'g', 0, 1, (byte) 0xFF, '\n'});
        out.writeBytes((trap(2) + "\n" + trap(3) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, out.toByteArray());
        assertEquals(List.of("3:" + trap(3)), read());
    }

    @Test
    void differentBadLinesAreEachReportedOnce() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'a', 0, '\n'});
        Files.write(file, out.toByteArray());
        assertEquals(1, read().size());
        out.writeBytes(new byte[] {'b', 0, '\n'});
        Files.write(file, out.toByteArray());
        List<String> second = read();
        assertEquals(1, second.size(), second::toString);
        assertTrue(second.get(0).startsWith("2!"), second.get(0));
    }

    @Test
    void textLineThatIsNotATrapAndStaysInTheRingIsDeliveredOnce() throws IOException {
        // The parser (not the reader) rejects it; it must not reach the parser at every read.
        Files.writeString(file, "garbage without tabs\n" + trap(1) + "\n");
        assertEquals(List.of("1:garbage without tabs", "2:" + trap(1)), read());
        assertEquals(List.of(), read());
        Files.writeString(file, "garbage without tabs\n" + trap(1) + "\n" + trap(2) + "\n");
        assertEquals(List.of("3:" + trap(2)), read());
    }

    @Test
    void missingFileYieldsNothingAndWarnsOnce() throws IOException {
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(), read());
            assertFalse(reader.readable());
        }
        assertEquals(4, recorder.endOfReads);
        assertEquals(1, logs.count(Level.WARNING), "warned once, not every read");
        assertTrue(logs.records.get(0).getMessage().contains(file.toString()));

        ring(1, 2);
        assertEquals(List.of("1:" + trap(1), "2:" + trap(2)), read());
        assertTrue(reader.readable());

        Files.delete(file);
        read();
        read();
        assertFalse(reader.readable());
        assertEquals(2, logs.count(Level.WARNING), "one warning per disappearance");
    }

    @Test
    void readsARealProcfsFileThatReportsSizeZero() throws IOException {
        Path status = Path.of("/proc/self/status");
        assertEquals(0, Files.size(status), "procfs reports size 0");
        TrapRingReader procReader = new TrapRingReader(status);
        RecordingLineListener r = new RecordingLineListener();
        procReader.read(r);
        assertTrue(r.events.stream().anyMatch(e -> e.startsWith("1:Name:\t")), r.events::toString);
        assertTrue(procReader.readable());
    }

    @Test
    void describesItself() {
        assertEquals(file, reader.path());
        assertFalse(reader.watchable());
    }
}
