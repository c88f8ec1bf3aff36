package org.lustrecollector.web;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.rpc.BeanLookup;

/**
 * A request body must arrive whole within a deadline ({@link #setDeadlineMillis}, 5 s by default), however
 * slowly its bytes come: the body is read with non-blocking I/O (an async request with a
 * {@link ReadListener}) before the XML-RPC servlet runs, so a client trickling its body holds no request thread
 * while it waits, only its connection (bounded by the connector's maxConnections). Once the deadline passes the
 * client gets 408 and the connection is closed. The servlet then reads the body from memory.
 *
 * <p>Honest calls are a few hundred bytes and arrive in one packet. The bytes held by bodies still being read
 * are bounded too ({@link #setMaxBufferedBytes}, 16 MiB by default): a request that would go past it gets 503.
 * A body is read up to maxbody + 1 bytes at most, so the XML-RPC reader still tells a body without a length
 * that is too large (a declared Content-Length above maxbody is refused by {@link AccessFilter} first).
 *
 * <p>One concern only, in the manner of Tomcat's {@code org.apache.catalina.filters}: the options are init
 * parameters whose setters check them; an unknown parameter or a bad value stops the web application with
 * a message naming it.
 */
public class BodyDeadlineFilter implements Filter {
    static final String BODY_ATTRIBUTE = BodyDeadlineFilter.class.getName() + ".body";
    private static final Set<String> PARAMETERS = Set.of("deadlineMillis", "maxBufferedBytes");

    private final RateLimitedLog refusals = RateLimitedLog.perMinute(BodyDeadlineFilter.class, 20);
    private final AtomicLong buffered = new AtomicLong();
    private long deadlineMillis = 5_000;
    private long maxBufferedBytes = 16L << 20;
    private int maxBodyBytes = -1;

    /** For Tomcat, which then calls {@link #init}. */
    public BodyDeadlineFilter() {
    }

    /** The longest a whole request body may take to arrive, from 100 ms to 10 min. */
    public void setDeadlineMillis(long millis) {
        if (millis < 100 || millis > 600_000) {
            throw new IllegalArgumentException("deadlineMillis=" + millis + ": expected 100 to 600000 (ms)");
        }
        this.deadlineMillis = millis;
    }

    public long getDeadlineMillis() {
        return deadlineMillis;
    }

    /** The most bytes held at once by all the bodies still being read, from 64 KiB. */
    public void setMaxBufferedBytes(long bytes) {
        if (bytes < 65_536) {
            throw new IllegalArgumentException("maxBufferedBytes=" + bytes + ": expected at least 65536");
        }
        this.maxBufferedBytes = bytes;
    }

    public long getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** The largest body the XML-RPC reader accepts (maxbody); more than this + 1 is never read. */
    public void setMaxBodyBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes=" + bytes + ": expected at least 1");
        }
        this.maxBodyBytes = bytes;
    }

    /** Bytes held now by bodies being read; for tests. */
    long bufferedBytes() {
        return buffered.get();
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            String value = filterConfig.getInitParameter(name).trim();
            try {
                switch (name) {
                    case "deadlineMillis" -> setDeadlineMillis(Long.parseLong(value));
                    case "maxBufferedBytes" -> setMaxBufferedBytes(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown init parameter " + name + " (known: "
                            + String.join(", ", PARAMETERS.stream().sorted().toList()) + ")");
                }
            } catch (NumberFormatException e) {
                throw new ServletException(getClass().getSimpleName() + ": " + name + "=" + value + ": not a whole number");
            } catch (IllegalArgumentException e) {
                throw new ServletException(getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        if (maxBodyBytes < 0) {
            setMaxBodyBytes(BeanLookup.get(filterConfig.getServletContext(), CollectorConfig.class).maxBodyBytes());
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY_ATTRIBUTE) instanceof byte[] body) {
            request.removeAttribute(BODY_ATTRIBUTE);
            chain.doFilter(new BufferedBody(request, body), response);
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request) || !request.isAsyncSupported()) {
            chain.doFilter(request, response);
            return;
        }
        ServletInputStream in = request.getInputStream();
        Arrived arrived = readWhatHasArrived(in, request.getContentLengthLong());
        if (arrived.complete()) {
            chain.doFilter(new BufferedBody(request, arrived.body()), response);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(deadlineMillis);
        BodyRead read = new BodyRead(async, request, response, in, arrived.body());
        async.addListener(read);
        if (!read.reserve(arrived.body().length)) {
            read.fail(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "too many request bodies being read at once",
                    "HTTP 503: too many requests are sending their bodies at once; try again");
            return;
        }
        in.setReadListener(read);
    }

    /** The bytes of a body read so far, and whether that is all of it. */
    private record Arrived(byte[] body, boolean complete) {
    }

    /**
     * Reads, without waiting, what of a body of known length has arrived: an honest call's body comes with its
     * headers, so it is read here on the request thread, and only a body still on its way goes asynchronous.
     * {@code available()} is above zero only while a read returns at once.
     */
    private Arrived readWhatHasArrived(ServletInputStream in, long declared) throws IOException {
        if (declared <= 0 || declared > maxBodyBytes) {
            return new Arrived(new byte[0], false);
        }
        byte[] body = new byte[(int) declared];
        int size = 0;
        while (size < body.length && in.available() > 0) {
            int n = in.read(body, size, body.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        return size == body.length ? new Arrived(body, true) : new Arrived(Arrays.copyOf(body, size), false);
    }

    private static boolean hasBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
    }

    private static void refuse(HttpServletResponse response, int status, String message) {
        if (response.isCommitted()) {
            return;
        }
        try {
            response.reset();
            response.setStatus(status);
            // the rest of the body is not read: the connection cannot be used for another request
            response.setHeader("Connection", "close");
            response.setContentType("text/plain;charset=UTF-8");
            PrintWriter out = response.getWriter();
            out.println(message);
            out.flush();
        } catch (IOException | IllegalStateException e) {
            // the client has gone; nothing to tell it
        }
    }

    /** One body being read: the listener of its bytes and of its async request's end. */
    private final class BodyRead implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final ServletInputStream in;
        private final AtomicBoolean over = new AtomicBoolean();
        private final int limit;
        private byte[] bytes;
        private int size;
        private long reserved;

        BodyRead(AsyncContext async, HttpServletRequest request, HttpServletResponse response, ServletInputStream in,
                 byte[] arrived) {
            this.async = async;
            this.request = request;
            this.response = response;
            this.in = in;
            this.limit = maxBodyBytes == Integer.MAX_VALUE ? Integer.MAX_VALUE : maxBodyBytes + 1;
            long declared = request.getContentLengthLong();
            this.bytes = new byte[(int) Math.min(limit, Math.max(arrived.length, declared > 0 ? declared : 1024))];
            System.arraycopy(arrived, 0, bytes, 0, arrived.length);
            this.size = arrived.length;
        }

        @Override
        public void onDataAvailable() throws IOException {
            byte[] chunk = new byte[8192];
            while (!over.get() && in.isReady()) {
                int n = in.read(chunk, 0, Math.min(chunk.length, limit - size));
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                if (!reserve(n)) {
                    fail(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "too many request bodies being read at once",
                            "HTTP 503: too many requests are sending their bodies at once; try again");
                    return;
                }
                append(chunk, n);
                if (size >= limit) {
                    finish(); // more than maxbody: the XML-RPC reader says so
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            finish();
        }

        @Override
        public void onError(Throwable t) {
            fail(HttpServletResponse.SC_BAD_REQUEST, "reading its body failed: " + t, "HTTP 400: the request body could not be read");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fail(HttpServletResponse.SC_REQUEST_TIMEOUT, "its body did not arrive within " + deadlineMillis + " ms ("
                    + size + " bytes came)", "HTTP 408: the request body did not arrive within " + deadlineMillis + " ms");
        }

        @Override
        public void onError(AsyncEvent event) {
            fail(HttpServletResponse.SC_BAD_REQUEST, "its request failed: " + event.getThrowable(),
                    "HTTP 400: the request failed");
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not started again
        }

        private synchronized boolean reserve(int n) {
            if (buffered.addAndGet(n) > maxBufferedBytes) {
                buffered.addAndGet(-n);
                return false;
            }
            reserved += n;
            return true;
        }

        private synchronized void release() {
            buffered.addAndGet(-reserved);
            reserved = 0;
        }

        private void append(byte[] chunk, int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + n, 2L * bytes.length)));
            }
            System.arraycopy(chunk, 0, bytes, size, n);
            size += n;
        }

        private void finish() {
            if (over.compareAndSet(false, true)) {
                request.setAttribute(BODY_ATTRIBUTE, size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                // read whole: no longer a body being read (a servlet that starts async again drops this listener)
                release();
                async.dispatch();
            }
        }

        private void fail(int status, String reason, String message) {
            if (over.compareAndSet(false, true)) {
                refusals.log(Level.WARNING, "Refused " + request.getMethod() + " from " + request.getRemoteAddr()
                        + " with " + status + ": " + reason);
                refuse(response, status, message);
                release();
                async.complete();
            }
        }
    }

    /** The request as the servlet sees it: its body comes from memory. */
    static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body has been read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
    }
}
