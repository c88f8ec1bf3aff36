package org.lustrecollector.rpc;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;

/**
 * Writes the SAX events of an XML-RPC response as UTF-8 bytes straight into a buffer: the same text as the
 * library's own writer ({@code <data/>} for an empty element, {@code &lt; &gt; &amp;} and character
 * references for control characters), without its per-character Writer, CharsetEncoder and lock, which
 * made encoding most of the CPU of an answer. Always UTF-8, declared so, whatever charset the request came
 * in (the library answered in the request's). The document is kept whole until {@link #writeTo}, so its
 * length is known before the first byte is sent.
 */
final class Utf8XmlWriter implements ContentHandler {
    /** From this size on, {@link #append} refers to the caller's bytes instead of copying them. */
    static final int REFERENCED_BYTES = 64 * 1024;
    private static final byte[] DECLARATION = ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    private static final byte[] AMP = ascii("&amp;");
    private static final byte[] LT = ascii("&lt;");
    private static final byte[] GT = ascii("&gt;");
    private static final byte[] QUOT = ascii("&quot;");
    private final ResponseBuffers buffers;
    /** The document, except the runs in {@link #referenced}. */
    private byte[] buffer;
    private int length;
    /** Large runs of encoded bytes, each to be written where {@code buffer} had reached {@code at}. */
    private final List<Run> referenced = new ArrayList<>(1);
    private long referencedLength;
    /** A start tag whose '>' is not written yet: it becomes "/>" if the element ends at once. */
    private boolean startTagOpen;
    private String pendingPrefix;
    private String pendingUri;

    private record Run(int at, byte[] bytes, int from, int count) {
    }

    /** A writer with an array of its own, read with {@link #toByteArray} or {@link #writeTo}. */
    Utf8XmlWriter() {
        this(ResponseBuffers.none());
    }

    /** @param buffers where the writer takes its array from, and gives it back to at {@link #release} */
    Utf8XmlWriter(ResponseBuffers buffers) {
        this.buffers = buffers;
        this.buffer = buffers.take();
    }

    /**
     * Bytes already encoded (XML of whole elements), after closing an open start tag. A run of at least
     * {@link #REFERENCED_BYTES} is referred to, not copied: the caller does not change it until the document
     * is written. Nothing, not even the close of a start tag, for no bytes.
     */
    void append(byte[] bytes, int from, int count) {
        if (count == 0) {
            return;
        }
        closeStartTag();
        if (count >= REFERENCED_BYTES) {
            referenced.add(new Run(length, bytes, from, count));
            referencedLength += count;
            return;
        }
        ensure(count);
        System.arraycopy(bytes, from, buffer, length, count);
        length += count;
    }

    /** Bytes of the document so far: its Content-Length once it ends. */
    long length() {
        return length + referencedLength;
    }

    byte[] toByteArray() {
        if (referenced.isEmpty()) {
            return Arrays.copyOf(buffer, length);
        }
        byte[] all = new byte[Math.toIntExact(length())];
        int n = 0;
        int written = 0;
        for (Run run : referenced) {
            System.arraycopy(buffer, written, all, n, run.at() - written);
            n += run.at() - written;
            written = run.at();
            System.arraycopy(run.bytes(), run.from(), all, n, run.count());
            n += run.count();
        }
        System.arraycopy(buffer, written, all, n, length - written);
        return all;
    }

    /** Writes the document, in as many writes as it has referenced runs plus one. */
    void writeTo(OutputStream out) throws IOException {
        int written = 0;
        for (Run run : referenced) {
            out.write(buffer, written, run.at() - written);
            written = run.at();
            out.write(run.bytes(), run.from(), run.count());
        }
        out.write(buffer, written, length - written);
    }

    /** Gives the array back for another document; call once this one is written or abandoned. */
    void release() {
        if (buffer != null) {
            buffers.give(buffer);
            buffer = null;
            referenced.clear();
        }
    }

    @Override
    public void startDocument() {
        write(DECLARATION);
    }

    @Override
    public void endDocument() {
        closeStartTag();
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) {
        pendingPrefix = prefix;
        pendingUri = uri;
    }

    @Override
    public void endPrefixMapping(String prefix) {
        // Declared on the element that followed startPrefixMapping; nothing to close.
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        closeStartTag();
        writeByte('<');
        writeAscii(qName);
        if (pendingPrefix != null) {
            writeAttribute(pendingPrefix.isEmpty() ? "xmlns" : "xmlns:" + pendingPrefix, pendingUri);
            pendingPrefix = null;
        }
        if (attributes != null) {
            for (int i = 0; i < attributes.getLength(); i++) {
                writeAttribute(attributes.getQName(i), attributes.getValue(i));
            }
        }
        startTagOpen = true;
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (startTagOpen) {
            writeByte('/');
            writeByte('>');
            startTagOpen = false;
            return;
        }
        writeByte('<');
        writeByte('/');
        writeAscii(qName);
        writeByte('>');
    }

    @Override
    public void characters(char[] ch, int start, int count) {
        closeStartTag();
        writeEscaped(ch, start, count, false);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int count) {
        characters(ch, start, count);
    }

    @Override
    public void processingInstruction(String target, String data) {
        closeStartTag();
        writeByte('<');
        writeByte('?');
        writeAscii(target);
        writeByte(' ');
        char[] chars = data.toCharArray();
        writeEscaped(chars, 0, chars.length, false);
        writeByte('?');
        writeByte('>');
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        // Writing needs no locations.
    }

    @Override
    public void skippedEntity(String name) {
        // Never produced by the XML-RPC serializers.
    }

    private void closeStartTag() {
        if (startTagOpen) {
            writeByte('>');
            startTagOpen = false;
        }
    }

    private void writeAttribute(String name, String value) {
        writeByte(' ');
        writeAscii(name);
        writeByte('=');
        writeByte('"');
        char[] chars = value.toCharArray();
        writeEscaped(chars, 0, chars.length, true);
        writeByte('"');
    }

    private void writeEscaped(char[] ch, int start, int count, boolean attribute) {
        // At most 6 bytes a character ("&quot;", or a 2-character surrogate pair as 4 bytes).
        ensure(count * 6);
        byte[] b = buffer;
        int n = length;
        int end = start + count;
        for (int i = start; i < end; i++) {
            char c = ch[i];
            if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' && c != '"') {
                b[n++] = (byte) c;
            } else if (c == '&') {
                n = put(b, n, AMP);
            } else if (c == '<') {
                n = put(b, n, LT);
            } else if (c == '>') {
                n = put(b, n, GT);
            } else if (c == '"') {
                if (attribute) {
                    n = put(b, n, QUOT);
                } else {
                    b[n++] = '"';
                }
            } else if (c == '\n' && !attribute) {
                b[n++] = '\n';
            } else if (c < 0x80) {
                // Control characters and DEL as references, as the library's writer does: a CR or TAB survives.
                length = n;
                writeAscii("&#" + (int) c + ";");
                b = buffer;
                n = length;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xc0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(ch[i + 1])) {
                int cp = Character.toCodePoint(c, ch[++i]);
                b[n++] = (byte) (0xf0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[n++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate is no character: U+FFFD, as a decoder would show it.
                b[n++] = (byte) 0xef;
                b[n++] = (byte) 0xbf;
                b[n++] = (byte) 0xbd;
            } else {
                b[n++] = (byte) (0xe0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        length = n;
    }

    private static int put(byte[] b, int n, byte[] bytes) {
        System.arraycopy(bytes, 0, b, n, bytes.length);
        return n + bytes.length;
    }

    private void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    private void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void writeByte(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void ensure(int more) {
        if (buffer.length - length < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
