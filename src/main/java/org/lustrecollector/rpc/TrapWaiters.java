package org.lustrecollector.rpc;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.trap.TrapSnapshot;
import org.lustrecollector.trap.TrapStore;

/**
 * The waitTraps calls waiting for traps, without a thread each: a waiting call is an async request
 * ({@link AsyncContext}) in a set. The store tells this one listener of each published snapshot; every waiter
 * the snapshot has traps for is answered, once, on a container thread ({@link AsyncContext#start}). A waiter
 * whose time is up is answered by the container's async timeout ({@link AsyncListener#onTimeout}), which
 * Tomcat checks about once a second on its own thread: no timer of ours.
 *
 * <p>Bounded: at most {@code maxWaiters} wait at once; past it, and once closed, a call is answered at once as
 * getTraps would be. {@link #close} (undeploy, shutdown, context reload: the servlet's destroy, else CDI's
 * shutdown) answers every waiter at once.
 */
@ApplicationScoped
public class TrapWaiters implements TrapStore.PublishListener, XmlRpcExchange.Waits, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrapWaiters.class.getName());
    /** How long a timed-out waiter whose answer is already on its way waits for it to be sent. */
    private static final long ANSWER_PATIENCE_MILLIS = 5_000;

    private final TrapStore store;
    private final int maxWaiters;
    private final Duration maxWait;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closed;

    /** For CDI's client proxy only. */
    protected TrapWaiters() {
        this.store = null;
        this.maxWaiters = 0;
        this.maxWait = Duration.ZERO;
    }

    @Inject
    public TrapWaiters(TrapStore store, CollectorConfig config) {
        this(store, config.maxWaiters(), config.maxWait());
    }

    TrapWaiters(TrapStore store, int maxWaiters, Duration maxWait) {
        this.store = store;
        this.maxWaiters = maxWaiters;
        this.maxWait = maxWait;
        store.addPublishListener(this);
    }

    @Override
    public boolean suspend(TrapWait wait, HttpServletRequest request, XmlRpcExchange.Reply reply) {
        if (closed || !request.isAsyncSupported() || !reserve()) {
            return false;
        }
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (IllegalStateException e) {
            count.decrementAndGet();
            return false;
        }
        Waiter waiter = new Waiter(wait, async, (HttpServletResponse) async.getResponse(), reply);
        async.setTimeout(wait.timeoutMillis(maxWait));
        async.addListener(waiter);
        waiting.add(waiter);
        // A batch stored, or a close, since the call read the store: that publication has told the others.
        if (closed || wait.ready(store.snapshot())) {
            waiter.wake();
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

    /** On the thread that stored the batch: hands every waiter it has traps for to a container thread. */
    @Override
    public void published(TrapSnapshot snapshot) {
        if (waiting.isEmpty()) {
            return;
        }
        for (Waiter waiter : waiting) {
            if (waiter.wait.ready(snapshot)) {
                waiter.wake();
            }
        }
    }

    /** Calls waiting now. */
    public int waiting() {
        return count.get();
    }

    /** Answers every waiter now, here, and takes no more: they get what getTraps would give. */
    @Override
    @PreDestroy
    public void close() {
        closed = true;
        store.removePublishListener(this);
        for (Waiter waiter : waiting) {
            if (waiter.claim()) {
                waiter.answer();
            }
        }
    }

    /** One waiting call; answered exactly once, by whichever of a batch, its timeout or a close claims it. */
    private final class Waiter implements AsyncListener {
        private final TrapWait wait;
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final XmlRpcExchange.Reply reply;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch answered = new CountDownLatch(1);

        Waiter(TrapWait wait, AsyncContext async, HttpServletResponse response, XmlRpcExchange.Reply reply) {
            this.wait = wait;
            this.async = async;
            this.response = response;
            this.reply = reply;
        }

        boolean claim() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            waiting.remove(this);
            count.decrementAndGet();
            return true;
        }

        /** Answers on a container thread; on this one if the container takes no more work (stopping). */
        void wake() {
            if (!claim()) {
                return;
            }
            try {
                async.start(this::answer);
            } catch (IllegalStateException | RejectedExecutionException e) {
                answer();
            }
        }

        void answer() {
            try {
                reply.send(response, wait.answer());
            } catch (IOException e) {
                LOG.log(Level.FINE, "A waiting client went away before its answer", e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Answering a waitTraps call failed", e);
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // completed already: the container ended the request (an error, a stop)
                }
                answered.countDown();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (claim()) {
                answer();
                return;
            }
            // a batch or a close claimed it a moment ago: its answer is being written; the request must not end first
            try {
                answered.await(ANSWER_PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            if (claim()) {
                answered.countDown();
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // ended already
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            claim();
            answered.countDown();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // never started again
        }
    }
}
