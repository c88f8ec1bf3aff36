package org.lustrecollector.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many HTTP/1.1 keep-alive clients on one thread: {@code count} connections to one server, each with at
 * most one request in flight, driven by one {@link Selector}. A thousand clients waiting on waitTraps
 * cost the benchmark one thread, not a thousand, and their answers are timed where they are read. Like
 * {@link KeepAliveClient}, plain sockets rather than a client library, so that what is timed is the server.
 *
 * <p>Answers (status 200 with a Content-Length, which is how the collector answers) go to the
 * {@link Listener}, on this client's thread; the listener may {@link #send} the next request from there.
 * A connection the server closed while idle is opened again for its next request; a request whose
 * connection closes before any byte of the answer is sent once more on a new one (a keep-alive race).
 */
final class MultiplexedClients implements Closeable {

    /** What becomes of the requests; called on the clients' own thread, one call at a time. */
    interface Listener {
        /** A complete 200 answer to {@code client}'s request, read at {@code nanoTime} (System.nanoTime). */
        void answered(int client, long nanoTime, String body);

        /** {@code client}'s request got no answer: another status, a closed connection, a socket error. */
        void failed(int client, IOException error);
    }

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final InetSocketAddress address;
    private final String path;
    private final Listener listener;
    private final Connection[] connections;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Thread thread;
    private volatile boolean closed;

    /** One client: its connection (null until the first request, or after the server closed it). */
    private final class Connection {
        final int index;
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer request;
        byte[] requestBytes;
        boolean inFlight;
        boolean retried;
        byte[] received = new byte[8 * 1024];
        int receivedLength;

        Connection(int index) {
            this.index = index;
        }
    }

    MultiplexedClients(InetSocketAddress address, String path, int count, Listener listener) throws IOException {
        this.address = address;
        this.path = path;
        this.listener = listener;
        this.connections = new Connection[count];
        for (int i = 0; i < count; i++) {
            connections[i] = new Connection(i);
        }
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "bench-multiplexed-clients");
        thread.setDaemon(true);
        thread.start();
    }

    int count() {
        return connections.length;
    }

    /** POSTs an XML-RPC body as {@code client}'s next request; from any thread. Its previous one must be answered. */
    void send(int client, byte[] body) {
        if (Thread.currentThread() == thread) {
            start(connections[client], body);
        } else {
            tasks.add(() -> start(connections[client], body));
            selector.wakeup();
        }
    }

    private void start(Connection c, byte[] body) {
        if (c.inFlight) {
            listener.failed(c.index, new IOException("client " + c.index + " has a request in flight already"));
            return;
        }
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nContent-Type: text/xml\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        c.requestBytes = request;
        c.retried = false;
        c.inFlight = true;
        c.receivedLength = 0;
        transmit(c);
    }

    /** Writes the request on the open connection, or opens one first. */
    private void transmit(Connection c) {
        try {
            c.request = ByteBuffer.wrap(c.requestBytes);
            if (c.channel == null) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.channel = channel;
                if (channel.connect(address)) {
                    c.key = channel.register(selector, SelectionKey.OP_READ, c);
                    write(c);
                } else {
                    c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } else {
                write(c);
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void write(Connection c) throws IOException {
        c.channel.write(c.request);
        c.key.interestOps(c.request.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select();
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            c.channel.finishConnect();
                            write(c);
                        } else {
                            if (key.isWritable()) {
                                write(c);
                            }
                            if (key.isReadable()) {
                                read(c);
                            }
                        }
                    } catch (IOException e) {
                        fail(c, e);
                    } catch (RuntimeException e) {
                        fail(c, new IOException("client " + c.index + " failed", e));
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                throw new IllegalStateException("the benchmark's client selector failed", e);
            }
        }
    }

    private void read(Connection c) throws IOException {
        // An answer with Connection: close (Tomcat's maxKeepAliveRequests) closes this channel, and the
        // listener's next request may open another: reading stops with the channel it started on.
        SocketChannel channel = c.channel;
        while (c.channel == channel && channel != null) {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                closedByServer(c);
                return;
            }
            if (n == 0) {
                return;
            }
            readBuffer.flip();
            if (c.receivedLength + n > c.received.length) {
                c.received = Arrays.copyOf(c.received, Math.max(c.received.length * 2, c.receivedLength + n));
            }
            readBuffer.get(c.received, c.receivedLength, n);
            c.receivedLength += n;
            complete(c);
        }
    }

    /** Hands on the answer once its head and whole body are in. */
    private void complete(Connection c) throws IOException {
        int headEnd = indexOf(c.received, c.receivedLength, HEAD_END);
        if (headEnd < 0) {
            return;
        }
        String head = new String(c.received, 0, headEnd, StandardCharsets.US_ASCII);
        long length = -1;
        boolean close = false;
        for (String line : head.split("\r\n")) {
            String h = line.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.startsWith("connection:") && h.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length: " + head);
        }
        int bodyStart = headEnd + HEAD_END.length;
        if (c.receivedLength < bodyStart + length) {
            return;
        }
        long at = System.nanoTime();
        String body = new String(c.received, bodyStart, (int) length, StandardCharsets.UTF_8);
        c.receivedLength = 0;
        c.inFlight = false;
        if (close) {
            disconnect(c);
        }
        String status = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
        if (status.contains(" 200 ")) {
            listener.answered(c.index, at, body);
        } else {
            listener.failed(c.index, new IOException("HTTP " + status));
        }
    }

    private void closedByServer(Connection c) {
        disconnect(c);
        if (!c.inFlight) {
            return;
        }
        if (c.receivedLength == 0 && !c.retried) {
            c.retried = true;
            transmit(c);
        } else {
            c.inFlight = false;
            listener.failed(c.index, new IOException("connection closed before the whole answer"));
        }
    }

    private void fail(Connection c, IOException e) {
        disconnect(c);
        if (c.inFlight) {
            c.inFlight = false;
            listener.failed(c.index, e);
        }
    }

    private void disconnect(Connection c) {
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing frees the descriptor either way
            }
            c.channel = null;
            c.key = null;
        }
    }

    private static int indexOf(byte[] data, int length, byte[] pattern) {
        outer:
        for (int i = 0; i <= length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Closes every connection, in flight or not, and stops the thread. */
    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c : connections) {
            disconnect(c);
        }
        selector.close();
    }
}
