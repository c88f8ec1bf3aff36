package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.serializer.DefaultXMLWriterFactory;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.junit.jupiter.api.Test;
import org.xml.sax.ContentHandler;

/** The collector's response writer writes what the library's own writer writes, byte for byte. */
class Utf8XmlWriterTest {
    private final XmlRpcHttpRequestConfigImpl config = new XmlRpcHttpRequestConfigImpl();
    private final TypeFactoryImpl types = new TypeFactoryImpl(null);

    @Test
    void aGetTrapsAnswerIsWrittenAsTheLibraryWritesIt() throws Exception {
        Object[] rows = {
            new Object[] {"Connection to fs1-OST0007 (at 10.3.0.7@o2ib) was lost", 2, "fs1-OST0007", "fs1", "id-1", 1_700_000_000},
            new Object[] {"a < b && c > d \"quoted\" 'single'", 0, "node", "", "id-2", 1_700_000_001},
            new Object[] {"non-ASCII: é ß Ω 中文", 3, "nœud", "fs", "id-3", 0},
            new Object[] {"line\nbreak", 1, "n", "f", "id-4", -1},
        };
        assertSameAsLibrary(new Object[] {rows, 1_700_000_002});
        assertSameAsLibrary(new Object[] {new Object[0], 1_700_000_002});
    }

    @Test
    void structsDoublesBooleansAndFaultsAreWrittenAsTheLibraryWritesThem() throws Exception {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("received", 12.0);
        status.put("trapfileReadable", true);
        status.put("byFs", Map.of("fs<1>", 3.0));
        assertSameAsLibrary(status);
        assertArrayEquals(library(null, 3, "no such method: x & y"), collector(null, 3, "no such method: x & y"));
    }

    /** The library writes the two halves of a surrogate pair as two character references, which XML forbids. */
    @Test
    void aCharacterBeyondTheBasicPlaneIsWrittenAsFourBytesOfUtf8() throws Exception {
        byte[] written = collector(new Object[] {"rocket 🚀"}, 0, null);
        String text = new String(written, StandardCharsets.UTF_8);
        assertEquals(true, text.contains("<value>rocket 🚀</value>"), text);
        assertEquals(false, new String(library(new Object[] {"rocket 🚀"}, 0, null), StandardCharsets.UTF_8)
                .contains("🚀"));
    }

    @Test
    void controlCharactersBecomeCharacterReferences() throws Exception {
        String written = new String(collector(new Object[] {"tab\there\rcr"}, 0, null), StandardCharsets.UTF_8);
        assertEquals(true, written.contains("<value>tab&#9;here&#13;cr</value>"), written);
    }

    private void assertSameAsLibrary(Object answer) throws Exception {
        String expected = new String(library(answer, 0, null), StandardCharsets.UTF_8);
        String actual = new String(collector(answer, 0, null), StandardCharsets.UTF_8);
        assertEquals(expected, actual);
    }

    private byte[] library(Object answer, int faultCode, String fault) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(new DefaultXMLWriterFactory().getXmlWriter(config, out), answer, faultCode, fault);
        return out.toByteArray();
    }

    private byte[] collector(Object answer, int faultCode, String fault) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Utf8XmlWriter writer = new Utf8XmlWriter();
        write(writer, answer, faultCode, fault);
        writer.writeTo(out);
        return out.toByteArray();
    }

    private void write(ContentHandler handler, Object answer, int faultCode, String fault) throws Exception {
        XmlRpcWriter writer = new XmlRpcWriter(config, handler, types);
        if (fault != null) {
            writer.write(config, faultCode, fault);
        } else {
            writer.write(config, answer);
        }
    }
}
