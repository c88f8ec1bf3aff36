package org.lustrecollector.monitor.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;

/**
 * The page's live feed: Server-Sent Events to every connected browser, from one thread. A new trap wakes
 * the thread, which sends each client the traps after the last one it got ({@code traps} events, ids the
 * trap numbers, so a browser that reconnects with {@code Last-Event-ID} gets what it missed); at most
 * {@link #MAX_TRAPS_PER_EVENT} a send, the newest, with the count of those left out, so a storm is a few
 * events and not a flood. A {@code status} event (the JSON of /api/status) goes out every
 * {@link #STATUS_MILLIS} ms, and to a new client at once. Clients that share a position share the encoded
 * event. Writes never block the thread (non-blocking servlet output); a client whose connection fails or
 * stalls is dropped.
 */
public final class EventStream implements AutoCloseable {
    public static final int MAX_TRAPS_PER_EVENT = 500;
    static final int STATUS_MILLIS = 2000;
    /** Waits this long after a wake-up, so a burst of traps goes out as one event. */
    static final int BATCH_MILLIS = 100;
    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());

    /** A client that has not taken what was written for this long is dropped; it may reconnect. */
    static final long STALLED_NANOS = Duration.ofSeconds(60).toNanos();

    /** One connected browser; touched on the event thread only. */
    static final class Client {
        final AsyncContext async;
        final ServletOutputStream out;
        long next;
        long stalledSince;
        boolean greeted;

        Client(AsyncContext async, ServletOutputStream out, long next) {
            this.async = async;
            this.out = out;
            this.next = next;
        }
    }

    private final Dashboard dashboard;
    private final JsonFactory json = JsonFactory.builder().build();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    private final AtomicBoolean woken = new AtomicBoolean();

    public EventStream(Dashboard dashboard) {
        this.dashboard = dashboard;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lustre-monitor-events");
            t.setDaemon(true);
            return t;
        });
        dashboard.onTrap(this::wake);
        thread.scheduleAtFixedRate(this::sendStatus, STATUS_MILLIS, STATUS_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** How many browsers are connected. */
    public int clients() {
        return clients.size();
    }

    /** A client for {@link #add}, once its stream has its WriteListener. */
    static Client client(AsyncContext async, ServletOutputStream out, long next) {
        return new Client(async, out, next);
    }

    /**
     * A new client, from trap number {@code next} on (the last {@link #MAX_TRAPS_PER_EVENT} traps for a new
     * page). Its status and traps go out on the event thread when its connection is first writable.
     */
    void add(Client c) {
        clients.add(c);
        writable(c);
    }

    /**
     * The client's connection takes writes (its WriteListener, the first time or again): a new client gets
     * the status, and every client what it missed.
     */
    void writable(Client c) {
        thread.execute(() -> {
            if (!clients.contains(c)) {
                return;
            }
            if (!c.greeted) {
                c.greeted = send(c, statusEvent());
            }
            if (c.greeted) {
                sendTraps(List.of(c));
            }
        });
    }

    private void wake() {
        if (woken.compareAndSet(false, true)) {
            thread.schedule(() -> {
                woken.set(false);
                sendTraps(clients);
            }, BATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private record Encoded(byte[] bytes, long next) {
    }

    private void sendTraps(List<Client> targets) {
        Map<Long, Encoded> byPosition = new HashMap<>();
        long head = dashboard.traps().next();
        for (Client c : targets) {
            if (c.next >= head) {
                continue;
            }
            Encoded event = byPosition.computeIfAbsent(c.next, this::trapsEvent);
            if (send(c, event.bytes())) {
                c.next = event.next();
            }
        }
    }

    private Encoded trapsEvent(long from) {
        TrapLog.Slice slice = dashboard.traps().after(from, MAX_TRAPS_PER_EVENT);
        return new Encoded(event("traps", g -> Dashboard.writeSlice(g, slice), slice.next() - 1), slice.next());
    }

    private void sendStatus() {
        if (clients.isEmpty()) {
            return;
        }
        byte[] status = statusEvent();
        for (Client c : clients) {
            send(c, status);
        }
    }

    private byte[] statusEvent() {
        return event("status", dashboard::writeStatus, -1);
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] event(String type, Body body, long id) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(data)) {
            body.write(g);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // JSON from Jackson has no raw newline, so it is one data line
        String head = (id >= 0 ? "id: " + id + "\n" : "") + "event: " + type + "\ndata: ";
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.size() + 64);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data.toByteArray());
        out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Writes without blocking (the stream is in non-blocking mode): a client whose connection is still
     * busy with earlier events is skipped and served when it is writable again, so one slow browser
     * delays nobody; one stalled for {@link #STALLED_NANOS} is dropped.
     */
    private boolean send(Client c, byte[] event) {
        try {
            if (!c.out.isReady()) {
                long now = System.nanoTime();
                if (c.stalledSince == 0) {
                    c.stalledSince = now;
                } else if (now - c.stalledSince > STALLED_NANOS) {
                    drop(c, null);
                }
                return false;
            }
            c.stalledSince = 0;
            c.out.write(event);
            if (c.out.isReady()) {
                c.out.flush();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            drop(c, e);
            return false;
        }
    }

    private void drop(Client c, Exception why) {
        if (clients.remove(c)) {
            LOG.log(Level.FINE, "event client gone", why);
            try {
                c.async.complete();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "completing a gone client", e);
            }
        }
    }

    /** The connection ended (the browser left, or the server stops). */
    void gone(AsyncContext async) {
        for (Client c : clients) {
            if (c.async == async) {
                clients.remove(c);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        for (Client c : clients) {
            drop(c, null);
        }
    }
}
