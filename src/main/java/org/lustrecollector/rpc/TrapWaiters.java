package org.lustrecollector.rpc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.trap.TrapSnapshot;
import org.lustrecollector.trap.TrapStore;

/**
 * The waitTraps calls waiting for traps, without a thread each: a waiting call is an async request
 * ({@link AsyncContext}) in a set. The store tells this one listener of each published snapshot; every waiter
 * the snapshot has traps for is claimed, once, and queued with the others of its batch.
 *
 * <p>Waiters given the same time get the same answer: it is written once per batch ({@link SharedAnswer})
 * and its bytes are sent to each of them. The queue is answered with non-blocking writes
 * ({@link WriteListener}): at most {@link #ANSWERING_AT_ONCE} waiters have their first write pending on the
 * container's threads at a time, and each one that has handed its bytes over starts the next. So a batch
 * puts at most that many tasks before a polling request in the container's queue, no thread blocks on a
 * slow or dead client (its rest is sent when its socket takes it), and the thread that stored the batch only
 * claims and queues.
 *
 * <p>A waiter whose time is up is answered by the container's async timeout ({@link AsyncListener#onTimeout}),
 * which Tomcat checks about once a second on its own thread: no timer of ours. A queued waiter is taken off
 * the container's timeout just before its write starts, so the two never meet; one claimed too near its time
 * for that is left to its timeout, which answers it with its batch's bytes.
 *
 * <p>Bounded: at most {@code maxWaiters} wait at once; past it, and once closed, a call is answered at once as
 * getTraps would be. {@link #close} (undeploy, shutdown, context reload: the servlet's destroy, else CDI's
 * shutdown) answers every waiter not yet being written at once, on its own thread.
 */
@ApplicationScoped
public class TrapWaiters implements TrapStore.PublishListener, XmlRpcExchange.Waits, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrapWaiters.class.getName());
    /** Waiters whose first write may be pending at once: a few per core. */
    static final int ANSWERING_AT_ONCE = 8;
    /**
     * A queued waiter starts its write only if its own timeout is at least this far: the container's timeout
     * must not fire between taking it off that timeout and its first write.
     */
    static final long START_MARGIN_MILLIS = 100;
    /** The timeout of a waiter being written: its write is in progress and ends it. */
    static final long WRITING_TIMEOUT_MILLIS = 600_000;

    private final TrapStore store;
    private final int maxWaiters;
    private final Duration maxWait;
    private final LongSupplier clock;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final Answering answering = new Answering(ANSWERING_AT_ONCE);
    /** Claimed by a batch too near their own timeout to be written from the queue: their timeout answers them. */
    private final Set<Waiter> leftToTimeout = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** For CDI's client proxy only. */
    protected TrapWaiters() {
        this.store = null;
        this.maxWaiters = 0;
        this.maxWait = Duration.ZERO;
        this.clock = System::currentTimeMillis;
    }

    @Inject
    public TrapWaiters(TrapStore store, CollectorConfig config) {
        this(store, config.maxWaiters(), config.maxWait());
    }

    TrapWaiters(TrapStore store, int maxWaiters, Duration maxWait) {
        this.store = store;
        this.maxWaiters = maxWaiters;
        this.maxWait = maxWait;
        this.clock = System::currentTimeMillis;
        store.addPublishListener(this);
    }

    @Override
    public boolean suspend(TrapWait wait, HttpServletRequest request, XmlRpcExchange.Reply reply) {
        if (closed || !request.isAsyncSupported() || !reserve()) {
            return false;
        }
        long startedAt = clock.getAsLong();
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (IllegalStateException e) {
            count.decrementAndGet();
            return false;
        }
        long timeout = wait.timeoutMillis(maxWait);
        Waiter waiter = new Waiter(wait, async, (HttpServletResponse) async.getResponse(), reply,
                startedAt + timeout);
        async.setTimeout(timeout);
        async.addListener(waiter);
        waiting.add(waiter);
        // A batch stored, or a close, since the call read the store: that publication has told the others.
        if (closed) {
            if (waiter.claim(Waiter.DONE)) {
                waiter.answerHere(new SharedAnswer(wait, reply));
            }
        } else if (wait.ready(store.snapshot()) && waiter.claim(Waiter.QUEUED)) {
            waiter.shared = new SharedAnswer(wait, reply);
            answering.add(List.of(waiter));
        }
        return true;
    }

    private boolean reserve() {
        while (true) {
            int now = count.get();
            if (now >= maxWaiters) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** On the thread that stored the batch: claims every waiter it has traps for and queues them to be answered. */
    @Override
    public void published(TrapSnapshot snapshot) {
        if (waiting.isEmpty()) {
            return;
        }
        Map<Long, SharedAnswer> answers = new HashMap<>();
        List<Waiter> woken = new ArrayList<>();
        for (Waiter waiter : waiting) {
            if (waiter.wait.ready(snapshot) && waiter.claim(Waiter.QUEUED)) {
                waiter.shared = answers.computeIfAbsent(waiter.wait.from(), from -> new SharedAnswer(waiter.wait, waiter.reply));
                woken.add(waiter);
            }
        }
        answering.add(woken);
    }

    /** Calls waiting now. */
    public int waiting() {
        return count.get();
    }

    /** Waiters claimed and not yet answered: queued, or with their first write pending. */
    int answering() {
        return answering.queued();
    }

    /** Answers every waiter not yet being written now, here, and takes no more: they get what getTraps would give. */
    @Override
    @PreDestroy
    public void close() {
        closed = true;
        store.removePublishListener(this);
        for (Waiter waiter : waiting) {
            if (waiter.claim(Waiter.DONE)) {
                waiter.answerHere(new SharedAnswer(waiter.wait, waiter.reply));
            }
        }
        List<Waiter> queued = answering.drain();
        queued.addAll(leftToTimeout);
        for (Waiter waiter : queued) {
            if (waiter.takeBack()) {
                waiter.answerHere(waiter.shared);
            }
        }
    }

    /**
     * The answer of every waiter of one batch with the same time: getTraps(time) when the first of them is
     * written, encoded then, and the same bytes for the others.
     */
    static final class SharedAnswer {
        private final TrapWait wait;
        private final XmlRpcExchange.Reply reply;
        private byte[] bytes;

        SharedAnswer(TrapWait wait, XmlRpcExchange.Reply reply) {
            this.wait = wait;
            this.reply = reply;
        }

        synchronized byte[] bytes() {
            if (bytes == null) {
                bytes = reply.encode(wait.answer());
            }
            return bytes;
        }
    }

    /**
     * The queue of claimed waiters, and how many have their first write pending: each that hands its bytes
     * over (or fails) starts the next, up to {@code atOnce} at a time.
     */
    private static final class Answering {
        private final int atOnce;
        private final java.util.ArrayDeque<Waiter> queue = new java.util.ArrayDeque<>();
        private int pending;

        Answering(int atOnce) {
            this.atOnce = atOnce;
        }

        void add(List<Waiter> waiters) {
            if (waiters.isEmpty()) {
                return;
            }
            synchronized (this) {
                queue.addAll(waiters);
            }
            startMore();
        }

        /** A waiter's first write is done: the next may start. */
        void started() {
            synchronized (this) {
                pending--;
            }
            startMore();
        }

        synchronized int queued() {
            return queue.size() + pending;
        }

        synchronized List<Waiter> drain() {
            List<Waiter> all = new ArrayList<>(queue);
            queue.clear();
            return all;
        }

        private void startMore() {
            while (true) {
                Waiter next;
                synchronized (this) {
                    if (pending >= atOnce || queue.isEmpty()) {
                        return;
                    }
                    next = queue.poll();
                    pending++;
                }
                if (!next.dispatch()) {
                    synchronized (this) {
                        pending--;
                    }
                }
            }
        }
    }

    /**
     * One waiting call; answered exactly once: by its batch's write, its timeout or a close, whichever claims
     * it; or not at all when its client is gone. WAITING → QUEUED (a batch) → WRITING (its write started);
     * any → DONE.
     */
    private final class Waiter implements AsyncListener, WriteListener {
        static final int WAITING = 0;
        static final int QUEUED = 1;
        static final int WRITING = 2;
        static final int DONE = 3;

        private final TrapWait wait;
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final XmlRpcExchange.Reply reply;
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** The answer of its batch, set by whoever queues it. */
        private volatile SharedAnswer shared;
        private boolean sent;
        /** Whether it holds one of {@link Answering}'s places: from its dispatch to its first write's end. */
        private boolean holdsPlace;

        Waiter(TrapWait wait, AsyncContext async, HttpServletResponse response, XmlRpcExchange.Reply reply,
               long deadline) {
            this.wait = wait;
            this.async = async;
            this.response = response;
            this.reply = reply;
            this.deadline = deadline;
        }

        /** From WAITING to {@code to}, once: it leaves the waiting set. */
        boolean claim(int to) {
            if (!state.compareAndSet(WAITING, to)) {
                return false;
            }
            waiting.remove(this);
            count.decrementAndGet();
            return true;
        }

        /** From QUEUED to DONE: a timeout or a close answers it instead of its batch. */
        boolean takeBack() {
            return state.compareAndSet(QUEUED, DONE);
        }

        /**
         * With a place of {@link Answering} reserved: has a container thread start its write
         * ({@link #startWriting}); false, the place unused, when it is not to be written from the queue.
         */
        boolean dispatch() {
            if (state.get() != QUEUED) {
                return false;
            }
            synchronized (this) {
                holdsPlace = true;
            }
            try {
                async.start(this::startWriting);
                return true;
            } catch (IllegalStateException | RejectedExecutionException e) {
                // the container takes no more work (stopping): answered here
                synchronized (this) {
                    holdsPlace = false;
                }
                if (takeBack()) {
                    answerHere(shared);
                }
                return false;
            }
        }

        /**
         * On a container thread: takes it off the container's timeout and sets its write listener, which the
         * container calls when the socket takes bytes. Not when taken back, or too near its own timeout,
         * which then answers it.
         */
        private void startWriting() {
            try {
                if (state.get() != QUEUED) {
                    givePlace();
                    return;
                }
                async.setTimeout(WRITING_TIMEOUT_MILLIS);
                if (clock.getAsLong() > deadline - START_MARGIN_MILLIS) {
                    leftToTimeout.add(this);
                    async.setTimeout(Math.max(1, deadline - clock.getAsLong()));
                    if (closed && takeBack()) {
                        answerHere(shared);
                    }
                    givePlace();
                    return;
                }
                if (!state.compareAndSet(QUEUED, WRITING)) {
                    givePlace();
                    return;
                }
                response.getOutputStream().setWriteListener(this);
            } catch (IllegalStateException | IOException e) {
                // the request has ended: the container stopped it, or the client went away
                LOG.log(Level.FINE, "A waiting call ended before its answer", e);
                state.set(DONE);
                givePlace();
                complete();
            }
        }

        /** Sends its answer: all of it at once; the container sends what the socket does not take yet. */
        @Override
        public void onWritePossible() throws IOException {
            ServletOutputStream out = response.getOutputStream();
            synchronized (this) {
                if (!sent) {
                    sent = true;
                    byte[] bytes = shared.bytes();
                    response.setContentType("text/xml");
                    response.setContentLengthLong(bytes.length);
                    out.write(bytes);
                }
            }
            if (out.isReady()) {
                finish();
            } else {
                givePlace();
            }
        }

        @Override
        public void onError(Throwable error) {
            LOG.log(Level.FINE, "A waiting client went away before its answer", error);
            finish();
        }

        /** Answers with a blocking write on this thread (a timeout's, a close's), and ends the request. */
        void answerHere(SharedAnswer answer) {
            try {
                byte[] bytes = answer.bytes();
                response.setContentType("text/xml");
                response.setContentLengthLong(bytes.length);
                ServletOutputStream out = response.getOutputStream();
                out.write(bytes);
                out.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "A waiting client went away before its answer", e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Answering a waitTraps call failed", e);
            } finally {
                complete();
            }
        }

        /** Its first write is over: the next queued waiter may start. */
        private void givePlace() {
            boolean held;
            synchronized (this) {
                held = holdsPlace;
                holdsPlace = false;
            }
            if (held) {
                answering.started();
            }
        }

        /** Ends a written (or failed) answer: its slot goes to the next waiter, the request completes. */
        private void finish() {
            state.set(DONE);
            givePlace();
            complete();
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // completed already: the container ended the request (an error, a stop)
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            leftToTimeout.remove(this);
            if (claim(DONE)) {
                answerHere(new SharedAnswer(wait, reply));
            } else if (takeBack()) {
                answerHere(shared);
            }
            // WRITING: off the container's timeout before its write started; DONE: answered
        }

        @Override
        public void onError(AsyncEvent event) {
            if (claim(DONE) || takeBack()) {
                complete();
            } else if (state.get() == WRITING) {
                onError(event.getThrowable());
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (!claim(DONE)) {
                takeBack();
            }
            leftToTimeout.remove(this);
            givePlace();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // never started again
        }
    }
}
