package org.lustrecollector.rpc;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 * and its bytes are sent to each of them. The queue is answered by at most {@link #ANSWERING_TASKS} container
 * tasks, each taking one waiter after the other: it sets the waiter's {@link WriteListener}, and the container
 * has the same thread write the answer (non-blocking) and end the request, with no hand-off to another thread.
 * So a batch puts at most that many tasks before a polling request in the container's queue, no thread
 * blocks on a slow or dead client (its rest is sent when its socket takes it), and the thread that stored the
 * batch only claims and queues.
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
    /** Container tasks answering queued waiters at once: one per core of a small server. */
    static final int ANSWERING_TASKS = 2;
    /**
     * A queued waiter starts its write only if its own timeout is at least this far: the container's timeout
     * must not fire between taking it off that timeout and its first write.
     */
    static final long START_MARGIN_MILLIS = 100;
    /** The most of an answer handed to the container at once: the size of its response buffer. */
    static final int PIECE_BYTES = 8192;
    /** Queued waiters tried, newest first, as the carrier of a new answering task ({@link Answering#startTask}). */
    static final int CARRIER_TRIES = 8;
    /** The timeout of a waiter being written: its write is in progress and ends it. */
    static final long WRITING_TIMEOUT_MILLIS = 600_000;

    private final TrapStore store;
    private final int maxWaiters;
    private final Duration maxWait;
    private final LongSupplier clock;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final Answering answering = new Answering(ANSWERING_TASKS);
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
        Waiter waiter = new Waiter(wait, async, (HttpServletResponse) async.getResponse(), reply, startedAt, timeout);
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

    /** Waiters claimed by a batch and not yet taken off the queue. */
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
     * The queue of claimed waiters, answered by at most {@code tasks} container tasks at once, each taking
     * waiters off the queue until it is empty.
     */
    private static final class Answering {
        private final int tasks;
        private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
        private int running;

        Answering(int tasks) {
            this.tasks = tasks;
        }

        void add(List<Waiter> waiters) {
            if (waiters.isEmpty()) {
                return;
            }
            int start;
            synchronized (this) {
                queue.addAll(waiters);
                start = Math.min(tasks - running, queue.size());
                running += start;
            }
            for (int i = 0; i < start; i++) {
                startTask();
            }
        }

        /**
         * Hands one answering task to the container's threads through a queued waiter's context, the newest
         * first: the running tasks reach those last. One that a running task has answered meanwhile refuses (its
         * request has ended), and the next is tried. The task runs here only when the container takes no more
         * work (stopping), or when none of the {@link #CARRIER_TRIES} newest will carry it.
         */
        private void startTask() {
            List<Waiter> newest = new ArrayList<>(CARRIER_TRIES);
            synchronized (this) {
                Iterator<Waiter> fromNewest = queue.descendingIterator();
                while (newest.size() < CARRIER_TRIES && fromNewest.hasNext()) {
                    newest.add(fromNewest.next());
                }
            }
            for (Waiter carrier : newest) {
                try {
                    carrier.async.start(this::answerQueued);
                    return;
                } catch (IllegalStateException e) {
                    // answered and ended since it was picked: the next one
                } catch (RejectedExecutionException e) {
                    break;
                }
            }
            answerQueued(); // here; with the queue emptied meanwhile, this only ends the task
        }

        /** Answers queued waiters until there are none. */
        private void answerQueued() {
            while (true) {
                Waiter next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null) {
                        running--;
                        return;
                    }
                }
                next.startWriting();
            }
        }

        synchronized int queued() {
            return queue.size();
        }

        synchronized List<Waiter> drain() {
            List<Waiter> all = new ArrayList<>(queue);
            queue.clear();
            return all;
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
        /** Its own timeout, from the start of its wait, and when that is up. */
        private final long timeout;
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        /** The answer of its batch, set by whoever queues it. */
        private volatile SharedAnswer shared;
        /** Its answer and how much of it is written, once its write has started. */
        private byte[] bytes;
        private int written;

        Waiter(TrapWait wait, AsyncContext async, HttpServletResponse response, XmlRpcExchange.Reply reply,
               long startedAt, long timeout) {
            this.wait = wait;
            this.async = async;
            this.response = response;
            this.reply = reply;
            this.timeout = timeout;
            this.deadline = startedAt + timeout;
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
         * Takes it off the container's timeout and sets its write listener: the container has this thread call
         * {@link #onWritePossible} at once (the socket takes bytes), or another when it does. Not when taken
         * back, or too near its own timeout, which then answers it.
         */
        void startWriting() {
            try {
                if (state.get() != QUEUED) {
                    return;
                }
                async.setTimeout(WRITING_TIMEOUT_MILLIS);
                if (clock.getAsLong() > deadline - START_MARGIN_MILLIS) {
                    leftToTimeout.add(this);
                    async.setTimeout(timeout);
                    if (closed && takeBack()) {
                        answerHere(shared);
                    }
                    return;
                }
                if (!state.compareAndSet(QUEUED, WRITING)) {
                    return;
                }
                response.getOutputStream().setWriteListener(this);
            } catch (IllegalStateException | IOException e) {
                // the request has ended: the container stopped it, or the client went away
                LOG.log(Level.FINE, "A waiting call ended before its answer", e);
                state.set(DONE);
                complete();
            }
        }

        /**
         * Sends its answer in pieces of {@link #PIECE_BYTES} while the socket takes them, the rest when the
         * container calls again: it holds at most one piece of its own (the container copies what the socket
         * does not take), the shared bytes stay shared.
         */
        @Override
        public void onWritePossible() throws IOException {
            ServletOutputStream out = response.getOutputStream();
            synchronized (this) {
                if (bytes == null) {
                    bytes = shared.bytes();
                    response.setContentType("text/xml");
                    response.setContentLengthLong(bytes.length);
                }
                while (written < bytes.length && out.isReady()) {
                    int n = Math.min(PIECE_BYTES, bytes.length - written);
                    out.write(bytes, written, n);
                    written += n;
                }
                if (written < bytes.length || !out.isReady()) {
                    return;
                }
            }
            finish();
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

        /** Ends a written (or failed) answer: the request completes. */
        private void finish() {
            state.set(DONE);
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
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // never started again
        }
    }
}
