package org.lustrecollector.launcher;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection limits of the collector's own Tomcat (HTTP and AJP connectors), derived from the heap its JVM
 * is given, so that no number of open connections can exhaust the heap.
 *
 * <p>Why: each connection Tomcat has accepted costs heap (socket buffers, a processor with its request and
 * response objects once the first byte arrived): about {@value #BYTES_PER_CONNECTION} bytes, measured as
 * 256 MiB / ~8,400 connections trickling header bytes before the heap ran out. Without a limit that
 * OutOfMemoryError killed Tomcat's acceptor thread, and the collector never accepted again while its port stayed
 * open. The connections may use an eighth of the heap ({@link #HEAP_SHARE}); the rest is the collector's
 * (traps, the Lustre state, the answers being written). With the launcher's 256 MiB that is 1024 connections
 * per connector. Connections past the limit wait in the kernel's backlog ({@link #ACCEPT_COUNT}) and, when it
 * is full, are refused by the kernel; Tomcat accepts them as others close.
 *
 * <p>A connection with a request in progress costs more: its processor also holds the container's request and
 * response with their buffers (server.xml trims the ones it can set), about {@value #BYTES_PER_CALL} bytes, so
 * that 1024 waiting calls take up to 80 MiB of the 256 MiB; the processor keeps them for its next request
 * (processorCache), so they stay after the calls. The launcher's young generation (-Xmn48m,
 * {@link TomcatCommand#JVM_OPTIONS}) leaves the old generation room for them beside the collector's own heap.
 *
 * <p>A waitTraps call that waits (up to maxwait, 60 s by default) holds its connection but no request thread:
 * it is an async request, timed by its own async timeout, so neither connectionTimeout (which bounds the gaps
 * within a request) nor keepAliveTimeout (the idle time between requests) cuts it. Each waiting monitor is one
 * of maxConnections: 1024 with the launcher's heap holds 1,000 waiting monitors; for maxwaiters' 2,000, give
 * the JVM -Xmx512m (2048 connections).
 *
 * <p>The values reach server.xml as system properties ({@code ${lustre.tomcat.maxConnections}} and so on)
 * in CATALINA_OPTS; docs/security.md has the table.
 */
public record ConnectorLimits(long heapBytes, int maxConnections) {
    /** The system property prefix of these values in server.xml. */
    public static final String PROPERTY_PREFIX = "lustre.tomcat.";
    /** Heap one open connection costs, rounded up from the 31 KiB measured. */
    public static final int BYTES_PER_CONNECTION = 32 * 1024;
    /**
     * Heap one connection with a request in progress costs (a waiting waitTraps call): the socket's buffers, the
     * HTTP processor's header, trailer and body buffers as server.xml sizes them, and the container's request
     * and response, whose 8 Ki-element byte and char buffers Tomcat allocates eagerly, and the call's own objects;
     * measured about 75 KB each (65 KB of buffers, 9 KB of objects, with 1,000 calls waiting), rounded up.
     */
    public static final int BYTES_PER_CALL = 80 * 1024;
    /** The share of the heap the open connections of one connector may use: 1/HEAP_SHARE. */
    public static final int HEAP_SHARE = 8;
    /** Fewer connections than this would not serve a site's monitor tools, whatever the heap. */
    public static final int MIN_CONNECTIONS = 64;
    /** Above this the file descriptors (LimitNOFILE in the systemd unit) become the limit. */
    public static final int MAX_CONNECTIONS = 8192;
    /** Connections the kernel queues while Tomcat holds maxConnections (listen backlog). */
    public static final int ACCEPT_COUNT = 100;
    /**
     * HTTP: the longest gap between two bytes of a request (headers or body) before the connection is closed.
     * Honest clients (monitor tools, Python's xmlrpc.client) send a request in one or two writes; a client
     * trickling header bytes more than 4 s apart is dropped. The body as a whole must arrive within the
     * request body deadline of the web application (BodyDeadlineFilter).
     */
    public static final int CONNECTION_TIMEOUT_MILLIS = 4_000;
    /** HTTP: how long a kept-alive connection may wait idle for its next request (monitor tools poll every 5 s). */
    public static final int KEEP_ALIVE_TIMEOUT_MILLIS = 10_000;

    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgGtT]?)");

    /** The limits for the heap the JVM options give (the last -Xmx wins, as in the JVM). */
    public static ConnectorLimits forJvmOptions(List<String> words) {
        long heap = -1;
        for (String word : words) {
            for (String part : word.split("\\s+")) {
                Matcher m = XMX.matcher(part.replace("'", ""));
                if (m.matches()) {
                    heap = bytes(Long.parseLong(m.group(1)), m.group(2));
                }
            }
        }
        if (heap <= 0) {
            throw new IllegalArgumentException("no -Xmx in the collector's JVM options " + words
                    + ": the connection limits are derived from it");
        }
        return forHeap(heap);
    }

    public static ConnectorLimits forHeap(long heapBytes) {
        long connections = heapBytes / HEAP_SHARE / BYTES_PER_CONNECTION;
        return new ConnectorLimits(heapBytes, (int) Math.max(MIN_CONNECTIONS, Math.min(MAX_CONNECTIONS, connections)));
    }

    /** The {@code -Dlustre.tomcat.*} system properties server.xml refers to. */
    public List<String> systemProperties() {
        return List.of(
                "-D" + PROPERTY_PREFIX + "maxConnections=" + maxConnections,
                "-D" + PROPERTY_PREFIX + "acceptCount=" + ACCEPT_COUNT,
                "-D" + PROPERTY_PREFIX + "connectionTimeout=" + CONNECTION_TIMEOUT_MILLIS,
                "-D" + PROPERTY_PREFIX + "keepAliveTimeout=" + KEEP_ALIVE_TIMEOUT_MILLIS);
    }

    /**
     * The attributes added to the AJP connector that {@code InstanceServerXml} writes. Over AJP the peer is
     * Apache httpd, which keeps a pool of connections open: connectionTimeout stays as that connector has it
     * (the idle time of a pooled connection), and mod_reqtimeout bounds slow clients in front of Apache.
     */
    static String ajpAttributes() {
        return "maxConnections=\"${" + PROPERTY_PREFIX + "maxConnections}\" acceptCount=\"${" + PROPERTY_PREFIX
                + "acceptCount}\" allowTrace=\"false\"";
    }

    private static long bytes(long value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "k" -> value * 1024;
            case "m" -> value * 1024 * 1024;
            case "g" -> value * 1024 * 1024 * 1024;
            case "t" -> value * 1024 * 1024 * 1024 * 1024;
            default -> value;
        };
    }
}
