package org.lustrecollector.follow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Cuts a byte stream into lines and decodes them as strict UTF-8.
 *
 * <p>Memory is bounded: a line longer than {@link #MAX_LINE_BYTES} is not kept, only reported as bad once
 * its newline arrives. A partial last line stays here until its newline comes, across reads.
 * Not thread-safe: one per reader.
 */
public final class LineSplitter {
    public static final int MAX_LINE_BYTES = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** One byte more than the limit: room for the CR of a CRLF line that is exactly at the limit. */
    private final byte[] line = new byte[MAX_LINE_BYTES + 1];
    private int length;
    private boolean overlong;
    private boolean controlCharacter;
    /** Whether the line so far has a byte above 0x7f: only then is it decoded as UTF-8. */
    private boolean highByte;
    private long lineNumber;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(MAX_LINE_BYTES);
    private final CRC32 crc = new CRC32();

    /**
     * Consumes all remaining bytes of {@code buffer}, which must be array-backed. Runs of ordinary bytes
     * are found eight at a time ({@link #ordinary}) and copied at once; only newlines, TABs and control
     * characters stop the scan. The same pass notes whether the line has a byte above 0x7f, so that an
     * ASCII line (nearly every trap line) is made a string without decoding. This loop is most of the
     * collector thread's work in a trap storm (docs/benchmarks.md, "What limited ingest").
     */
    public void feed(ByteBuffer buffer, LineListener listener) {
        byte[] bytes = buffer.array();
        int end = buffer.arrayOffset() + buffer.limit();
        int i = buffer.arrayOffset() + buffer.position();
        while (i < end) {
            int run = i;
            long high = 0;
            for (long word; i + Long.BYTES <= end && ordinary(word = (long) LONGS.get(bytes, i)); i += Long.BYTES) {
                high |= word;
            }
            // Stops at bytes 0x00-0x1f and DEL; bytes >= 0x80 (UTF-8) are ordinary here.
            while (i < end && (bytes[i] & 0xe0) != 0 && bytes[i] != 0x7f) {
                high |= bytes[i];
                i++;
            }
            if ((high & HIGH_BITS) != 0) {
                highByte = true;
            }
            append(bytes, run, i - run);
            if (i == end) {
                break;
            }
            byte b = bytes[i++];
            if (b == '\n') {
                endLine(listener);
            } else {
                // CR too: only a CR right before the newline is allowed, which containsControl checks.
                if (b != '\t') {
                    controlCharacter = true;
                }
                append(bytes, i - 1, 1);
            }
        }
        buffer.position(buffer.limit());
    }

    /**
     * Whether none of the eight bytes of {@code word} is a control byte (0x00-0x1f) or DEL (0x7f); bytes
     * of 0x80 and above count as ordinary. Exact for the word as a whole: a borrow that could flag an
     * ordinary byte only comes from a lower byte that is flagged itself.
     */
    static boolean ordinary(long word) {
        long belowSpace = (word - 0x2020202020202020L) & ~word & HIGH_BITS;
        long del = word ^ 0x7f7f7f7f7f7f7f7fL;
        long isDel = (del - 0x0101010101010101L) & ~del & HIGH_BITS;
        return (belowSpace | isDel) == 0;
    }

    /** Keeps what fits of a line; more than {@link #MAX_LINE_BYTES} (+1 for a CR) marks it overlong. */
    private void append(byte[] bytes, int from, int count) {
        int room = line.length - length;
        if (count > room) {
            overlong = true;
            count = room;
        }
        System.arraycopy(bytes, from, line, length, count);
        length += count;
    }

    /** True when a line has started but its newline has not come yet. */
    public boolean hasPartialLine() {
        return length > 0 || overlong;
    }

    /** Treats a pending partial line as complete: for a file that will not grow any more (rotated away). */
    public void flushPartialLine(LineListener listener) {
        if (hasPartialLine()) {
            endLine(listener);
        }
    }

    /** Forgets the partial line and restarts line numbers: for a truncated or new file. */
    public void reset() {
        length = 0;
        overlong = false;
        controlCharacter = false;
        highByte = false;
        lineNumber = 0;
    }

    private void endLine(LineListener listener) {
        lineNumber++;
        int n = length;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        try {
            if (overlong || n > MAX_LINE_BYTES) {
                listener.badLine(lineNumber, "line longer than " + MAX_LINE_BYTES + " bytes", fingerprint(n));
            } else if (containsControl(n)) {
                listener.badLine(lineNumber, "control characters (binary data?)", fingerprint(n));
            } else {
                String text = decode(n);
                if (text == null) {
                    listener.badLine(lineNumber, "invalid UTF-8", fingerprint(n));
                } else {
                    listener.line(text, lineNumber);
                }
            }
        } finally {
            length = 0;
            overlong = false;
            controlCharacter = false;
            highByte = false;
        }
    }

    private boolean containsControl(int n) {
        if (!controlCharacter) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            byte b = line[i];
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private String decode(int n) {
        if (!highByte) {
            return new String(line, 0, n, StandardCharsets.ISO_8859_1);
        }
        decoder.reset();
        chars.clear();
        try {
            var result = decoder.decode(ByteBuffer.wrap(line, 0, n), chars, true);
            if (result.isError()) {
                result.throwException();
            }
            decoder.flush(chars);
        } catch (CharacterCodingException e) {
            return null;
        }
        chars.flip();
        return chars.toString();
    }

    private long fingerprint(int n) {
        crc.reset();
        crc.update(line, 0, n);
        return crc.getValue() ^ ((long) n << 32);
    }
}
