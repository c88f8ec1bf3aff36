package org.lustrecollector.rpc;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet response's stream, with a way to write a whole document of known length. XML-RPC requires a
 * Content-Length; Apache XML-RPC gets one by writing the answer into a ByteArrayOutputStream first and
 * copying it out. {@link Utf8XmlWriter} holds the whole answer in one array already, so it sets the length
 * and writes that array here, one copy fewer and no growing buffer per call. Anything written otherwise (a
 * gzip stream, should extensions ever be enabled) passes through, and Tomcat then sends its own length or
 * chunks.
 */
final class SizedResponseStream extends FilterOutputStream {
    private final HttpServletResponse response;

    SizedResponseStream(HttpServletResponse response, OutputStream body) {
        super(body);
        this.response = response;
    }

    /** Sets the Content-Length to {@code length}, then writes the document. */
    void writeDocument(byte[] document, int length) throws IOException {
        response.setContentLength(length);
        out.write(document, 0, length);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }
}
