package org.lustrecollector.monitor.web;

import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/events}: the Server-Sent Events stream ({@link EventStream}). A browser that reconnects sends
 * {@code Last-Event-ID}, the number of the last trap it got, and continues after it; a new one gets the
 * newest {@link EventStream#MAX_TRAPS_PER_EVENT} traps first.
 */
final class EventsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient EventStream events;
    private final transient TrapLog traps;

    EventsServlet(EventStream events, TrapLog traps) {
        this.events = events;
        this.traps = traps;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        long next = Math.max(1, traps.next() - EventStream.MAX_TRAPS_PER_EVENT);
        String last = req.getHeader("Last-Event-ID");
        if (last != null) {
            try {
                next = Math.min(traps.next(), Long.parseLong(last.trim()) + 1);
            } catch (NumberFormatException e) {
                // not one of ours: start as a new page does
            }
        }
        res.setContentType("text/event-stream;charset=UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        res.getOutputStream().write("retry: 2000\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        res.flushBuffer();
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                events.gone(async);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                events.gone(async);
            }

            @Override
            public void onError(AsyncEvent event) {
                events.gone(async);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // nothing to do
            }
        });
        ServletOutputStream out = res.getOutputStream();
        EventStream.Client client = EventStream.client(async, out, next);
        // non-blocking from here: the event thread writes only when the connection can take it
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                events.writable(client);
            }

            @Override
            public void onError(Throwable t) {
                events.gone(async);
            }
        });
        events.add(client);
    }
}
