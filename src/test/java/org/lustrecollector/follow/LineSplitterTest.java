package org.lustrecollector.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** What a listener saw, in order. */
    record Event(boolean good, long lineNumber, String text, String reason, long fingerprint) {
        static Event good(long n, String text) {
            return new Event(true, n, text, null, 0);
        }

        @Override
        public String toString() {
            return good ? "line " + lineNumber + " '" + text + "'" : "bad " + lineNumber + " (" + reason + ")";
        }
    }

    static final class Recorder implements LineListener {
        final List<Event> events = new ArrayList<>();

        @Override
        public void line(String text, long lineNumber) {
            events.add(new Event(true, lineNumber, text, null, 0));
        }

        @Override
        public void badLine(long lineNumber, String reason, long fingerprint) {
            events.add(new Event(false, lineNumber, null, reason, fingerprint));
        }

        List<String> goodTexts() {
            return events.stream().filter(Event::good).map(Event::text).toList();
        }

        Event only() {
            assertEquals(1, events.size(), () -> "events " + events);
            return events.get(0);
        }
    }

    private final LineSplitter splitter = new LineSplitter();
    private final Recorder recorder = new Recorder();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private void feed(byte[] bytes) {
        splitter.feed(ByteBuffer.wrap(bytes), recorder);
    }

    private void feed(String s) {
        feed(utf8(s));
    }

    private static final String MIXED = "a\tb\n"
            + "héllo wörld € 𝄞\n"
            + "\n"
            + "crlf\r\n"
            + "日本語\ttab\n"
            + "last\n";

    private static final List<Event> MIXED_EVENTS = List.of(
            Event.good(1, "a\tb"),
            Event.good(2, "héllo wörld € 𝄞"),
            Event.good(3, ""),
            Event.good(4, "crlf"),
            Event.good(5, "日本語\ttab"),
            Event.good(6, "last"));

    @Test
    void splitsLinesAndNumbersThem() {
        feed(MIXED);
        assertEquals(MIXED_EVENTS, recorder.events);
    }

    @Test
    void reassemblesLinesSplitAtEveryByteBoundary() {
        byte[] all = utf8(MIXED);
        for (int cut = 0; cut <= all.length; cut++) {
            LineSplitter s = new LineSplitter();
            Recorder r = new Recorder();
            s.feed(ByteBuffer.wrap(all, 0, cut), r);
            s.feed(ByteBuffer.wrap(all, cut, all.length - cut), r);
            assertEquals(MIXED_EVENTS, r.events, "cut at byte " + cut);
            assertFalse(s.hasPartialLine(), "cut at byte " + cut);
        }
    }

    @Test
    void reassemblesLinesSplitAtEveryPairOfByteBoundaries() {
        byte[] all = utf8(MIXED);
        for (int a = 0; a <= all.length; a++) {
            for (int b = a; b <= all.length; b++) {
                LineSplitter s = new LineSplitter();
                Recorder r = new Recorder();
                s.feed(ByteBuffer.wrap(all, 0, a), r);
                s.feed(ByteBuffer.wrap(all, a, b - a), r);
                s.feed(ByteBuffer.wrap(all, b, all.length - b), r);
                assertEquals(MIXED_EVENTS, r.events, "cuts at bytes " + a + " and " + b);
            }
        }
    }

    @Test
    void reassemblesLinesFedOneByteAtATime() {
        for (byte b : utf8(MIXED)) {
            feed(new byte[] {b});
        }
        assertEquals(MIXED_EVENTS, recorder.events);
    }

    @Test
    void honoursBufferPositionLimitAndArrayOffset() {
        byte[] backing = utf8("XXXXone\ntwo\nYYYY");
        ByteBuffer slice = ByteBuffer.wrap(backing, 2, backing.length - 2).slice(); // arrayOffset 2
        slice.position(2).limit(slice.limit() - 4);
        splitter.feed(slice, recorder);
        assertEquals(List.of(Event.good(1, "one"), Event.good(2, "two")), recorder.events);
        assertEquals(slice.limit(), slice.position(), "feed consumes all remaining bytes");
    }

    @Test
    void partialLineWaitsForItsNewline() {
        feed("first\nsec");
        assertEquals(List.of("first"), recorder.goodTexts());
        assertTrue(splitter.hasPartialLine());
        feed("ond");
        assertEquals(List.of("first"), recorder.goodTexts());
        feed("\n");
        assertEquals(List.of(Event.good(1, "first"), Event.good(2, "second")), recorder.events);
        assertFalse(splitter.hasPartialLine());
    }

    @Test
    void flushPartialLineDeliversTheUnterminatedLine() {
        feed("a\nunterminated");
        splitter.flushPartialLine(recorder);
        assertEquals(List.of(Event.good(1, "a"), Event.good(2, "unterminated")), recorder.events);
        assertFalse(splitter.hasPartialLine());
        splitter.flushPartialLine(recorder);
        assertEquals(2, recorder.events.size(), "nothing pending, nothing delivered");
    }

    @Test
    void resetDropsThePartialLineAndRestartsNumbering() {
        feed("a\nb\nhalf");
        splitter.reset();
        assertFalse(splitter.hasPartialLine());
        feed("c\n");
        assertEquals(List.of(Event.good(1, "a"), Event.good(2, "b"), Event.good(1, "c")), recorder.events);
    }

    @Test
    void crlfAndLfLineEndingsGiveTheSameText() {
        feed("one\r\ntwo\nthree\r\n");
        assertEquals(List.of("one", "two", "three"), recorder.goodTexts());
    }

    @Test
    void tabIsAllowed() {
        feed("\tid\t1\t2\t\n");
        assertEquals(List.of("\tid\t1\t2\t"), recorder.goodTexts());
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        String max = "x".repeat(LineSplitter.MAX_LINE_BYTES);
        feed(max + "\n");
        assertEquals(List.of(max), recorder.goodTexts());
    }

    @Test
    void crlfLineOfExactlyTheLimitIsAccepted() {
        String max = "x".repeat(LineSplitter.MAX_LINE_BYTES);
        feed(max + "\r\n");
        assertEquals(List.of(max), recorder.goodTexts());
    }

    @Test
    void lineOneByteOverTheLimitIsRejectedWithOrWithoutCr() {
        String over = "x".repeat(LineSplitter.MAX_LINE_BYTES + 1);
        feed(over + "\n" + over + "\r\n" + "x".repeat(LineSplitter.MAX_LINE_BYTES) + "\r\r\nok\n");
        assertEquals(4, recorder.events.size(), () -> "events " + recorder.events);
        for (int i = 0; i < 3; i++) {
            Event bad = recorder.events.get(i);
            assertFalse(bad.good(), "line " + (i + 1));
            assertTrue(bad.reason().contains("longer than 4096"), bad.reason());
        }
        assertEquals(Event.good(4, "ok"), recorder.events.get(3));
    }

    @Test
    void multiByteLineOfExactlyTheLimitIsAccepted() {
        String max = "€".repeat(1000) + "é".repeat(500) + "𝄞".repeat(24); // 3000 + 1000 + 96 bytes
        assertEquals(LineSplitter.MAX_LINE_BYTES, utf8(max).length);
        feed(max + "\n");
        assertEquals(List.of(max), recorder.goodTexts());
    }

    @Test
    void overlongLineIsReportedAndTheNextLineIsFine() {
        feed("before\n" + "y".repeat(LineSplitter.MAX_LINE_BYTES + 1) + "\nafter\n");
        assertEquals(3, recorder.events.size(), () -> "events " + recorder.events);
        assertEquals(Event.good(1, "before"), recorder.events.get(0));
        Event bad = recorder.events.get(1);
        assertFalse(bad.good());
        assertEquals(2, bad.lineNumber());
        assertTrue(bad.reason().contains("longer than 4096"), bad.reason());
        assertEquals(Event.good(3, "after"), recorder.events.get(2));
    }

    @Test
    void veryLongLineFedInPiecesIsOneBadLine() {
        byte[] chunk = utf8("z".repeat(10_000));
        for (int i = 0; i < 100; i++) {
            feed(chunk);
        }
        assertTrue(splitter.hasPartialLine());
        assertTrue(recorder.events.isEmpty(), "nothing until the newline");
        feed("\nok\n");
        assertEquals(2, recorder.events.size());
        assertFalse(recorder.events.get(0).good());
        assertTrue(recorder.events.get(0).reason().contains("longer"), recorder.events.get(0).reason());
        assertEquals(Event.good(2, "ok"), recorder.events.get(1));
    }

    @Test
    void overlongPartialLineIsFlushedAsBad() {
        feed("q".repeat(LineSplitter.MAX_LINE_BYTES + 10));
        splitter.flushPartialLine(recorder);
        Event bad = recorder.only();
        assertFalse(bad.good());
        assertTrue(bad.reason().contains("longer"), bad.reason());
    }

    @Test
    void invalidUtf8IsReported() {
        byte[][] invalid = {
                {(byte) 0xC3, 0x28},                         // bad continuation byte
                {(byte) 0xE2, (byte) 0x82},                  // truncated 3-byte sequence
                {'a', (byte) 0x80, 'b'},                     // lone continuation byte
                {(byte) 0xC0, (byte) 0x80},                  // overlong encoding of NUL
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},     // UTF-16 surrogate
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // 5-byte form
                {(byte) 0xFF, (byte) 0xFE},
                {'o', 'k', (byte) 0xE9},                     // Latin-1 é
        };
        for (byte[] bytes : invalid) {
            Recorder r = new Recorder();
            LineSplitter s = new LineSplitter();
            s.feed(ByteBuffer.wrap(concat(bytes, utf8("\nfine\n"))), r);
            assertEquals(2, r.events.size(), () -> "events " + r.events);
            Event bad = r.events.get(0);
            assertFalse(bad.good(), () -> "accepted " + bad);
            assertEquals(1, bad.lineNumber());
            assertEquals("invalid UTF-8", bad.reason());
            assertEquals(Event.good(2, "fine"), r.events.get(1));
        }
    }

    @Test
    void invalidUtf8AfterAValidMultiByteLineIsStillCaught() {
        feed("é\n");
        feed(concat(new byte[] {(byte) 0xC3}, utf8("\n")));
        feed("ü\n");
        assertEquals(3, recorder.events.size());
        assertEquals(Event.good(1, "é"), recorder.events.get(0));
        assertEquals("invalid UTF-8", recorder.events.get(1).reason());
        assertEquals(Event.good(3, "ü"), recorder.events.get(2));
    }

    @Test
    void controlCharactersAreReported() {
        byte[] controls = {0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F};
        for (byte c : controls) {
            Recorder r = new Recorder();
            LineSplitter s = new LineSplitter();
            s.feed(ByteBuffer.wrap(concat(utf8("id\t1"), new byte[] {c}, utf8("2\tx\nnext\n"))), r);
            assertEquals(2, r.events.size(), () -> "events " + r.events);
            Event bad = r.events.get(0);
            assertFalse(bad.good(), () -> "control byte " + c + " accepted: " + bad);
            assertTrue(bad.reason().contains("control"), bad.reason());
            assertEquals(Event.good(2, "next"), r.events.get(1));
        }
    }

    @Test
    void carriageReturnInsideALineIsAControlCharacter() {
        feed("one\rtwo\n");
        Event bad = recorder.only();
        assertFalse(bad.good(), () -> "accepted " + bad);
        assertTrue(bad.reason().contains("control"), bad.reason());
    }

    @Test
    void binaryGarbageIsReportedNotDelivered() {
        byte[] garbage = new byte[512];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
            if (garbage[i] == '\n') {
                garbage[i] = 0;
            }
        }
        feed(concat(utf8("good\n"), garbage, utf8("\ngood again\n")));
        assertEquals(List.of("good", "good again"), recorder.goodTexts());
        assertEquals(3, recorder.events.size());
        assertFalse(recorder.events.get(1).good());
        assertEquals(2, recorder.events.get(1).lineNumber());
        assertEquals(3, recorder.events.get(2).lineNumber());
    }

    @Test
    void fingerprintIdentifiesTheBadLinesBytes() {
        byte[] badA = {'a', 0x00, 'b', '\n'};
        byte[] badB = {'a', 0x01, 'b', '\n'};
        feed(badA);
        feed(badB);
        feed(badA);
        assertEquals(3, recorder.events.size());
        long a1 = recorder.events.get(0).fingerprint();
        long b = recorder.events.get(1).fingerprint();
        long a2 = recorder.events.get(2).fingerprint();
        assertEquals(a1, a2, "same bytes, same fingerprint");
        assertNotEquals(a1, b, "different bytes, different fingerprint");
    }

    @Test
    void stateIsCleanAfterABadLine() {
        // A control character in one line must not taint the next line, even when it is split across feeds.
        feed(new byte[] {'x', 0x00});
        feed("y\nclean");
        feed("\n");
        assertEquals(2, recorder.events.size());
        assertFalse(recorder.events.get(0).good());
        assertEquals(Event.good(2, "clean"), recorder.events.get(1));
    }

    /** The eight-at-a-time scan: every byte value, at every place of a word. */
    @Test
    void aWordIsOrdinaryUnlessOneOfItsBytesIsAControlByteOrDel() {
        for (int value = 0; value < 256; value++) {
            boolean ordinaryByte = value >= 0x20 && value != 0x7f;
            for (int at = 0; at < 8; at++) {
                long word = 0x6161616161616161L & ~(0xffL << (8 * at)) | ((long) value << (8 * at));
                assertEquals(ordinaryByte, LineSplitter.ordinary(word), "byte " + value + " at " + at);
            }
        }
        assertFalse(LineSplitter.ordinary(0x0a1f7fffe9c30020L));
        assertTrue(LineSplitter.ordinary(0x8080808080808080L));
        assertTrue(LineSplitter.ordinary(0x2020202020202020L));
    }

    /**
     * A special byte (newline, TAB, control, DEL) or a non-ASCII character at every position of lines of
     * every length around the word size, and lines after it: none is missed, none is seen where it is not.
     */
    @Test
    void specialAndNonAsciiBytesAreFoundAtEveryPosition() {
        for (int n = 1; n <= 20; n++) {
            for (int at = 0; at < n; at++) {
                String plain = "a".repeat(n);
                String withE = plain.substring(0, at) + "é" + plain.substring(at + 1);
                String withTab = plain.substring(0, at) + "\t" + plain.substring(at + 1);
                Recorder r = new Recorder();
                LineSplitter s = new LineSplitter();
                s.feed(ByteBuffer.wrap(utf8(withE + "\n" + withTab + "\n" + plain + "\n"
                        + plain.substring(0, at) + "\u007f" + plain.substring(at + 1) + "\n"
                        + plain.substring(0, at) + "\u0001" + plain.substring(at + 1) + "\n" + plain + "\n")), r);
                String where = "length " + n + ", at " + at;
                assertEquals(List.of(withE, withTab, plain, plain), r.goodTexts(), where);
                assertEquals(6, r.events.size(), where);
                assertFalse(r.events.get(3).good(), where);
                assertFalse(r.events.get(4).good(), where);
                // A broken UTF-8 sequence at the same place is still found.
                Recorder bad = new Recorder();
                new LineSplitter().feed(ByteBuffer.wrap(concat(utf8(plain.substring(0, at)), new byte[] {(byte) 0xc3},
                        utf8(plain.substring(at + 1) + "\n" + plain + "\n"))), bad);
                assertEquals("invalid UTF-8", bad.events.get(0).reason(), where);
                assertEquals(List.of(plain), bad.goodTexts(), where);
            }
        }
    }
}
