package org.lustrecollector.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, for the harnesses that time single calls
 * (storm, trap-to-client): a socket write and a blocking read, so that what is timed is the server and
 * not a client library's machinery. Reconnects when the server closed the connection.
 */
final class KeepAliveClient implements Closeable {
    private final InetSocketAddress address;
    private final String path;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(InetSocketAddress address, String path) {
        this.address = address;
        this.path = path;
    }

    /** POSTs an XML-RPC body and returns the response body; an HTTP status other than 200 is an error. */
    byte[] post(byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            return exchange(body);
        } catch (IOException stale) {
            // A keep-alive connection the server timed out: one new try on a new connection.
            close();
            connect();
            return exchange(body);
        }
    }

    String postText(byte[] body) throws IOException {
        return new String(post(body), StandardCharsets.UTF_8);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private byte[] exchange(byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nContent-Type: text/xml\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        out.write(request);
        out.flush();

        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        byte[] response = chunked ? readChunked() : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        if (close || length < 0 && !chunked) {
            close();
        }
        if (!status.contains(" 200 ")) {
            throw new IOException("HTTP " + status);
        }
        return response;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine();
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing to release beyond the descriptor, which close frees anyway.
            }
            socket = null;
        }
    }
}
