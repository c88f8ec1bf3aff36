package org.lustrecollector.rpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.TrapSnapshot;
import org.lustrecollector.trap.TrapStore;

/**
 * A waitTraps call that found nothing to answer yet: the traps it asks for are those received at or after
 * {@code from}, and it may wait up to {@code seconds} for them. {@link TrapRpc#waitTraps} returns it, wrapped
 * by {@link #pending}, for {@link XmlRpcExchange} to suspend the request ({@link TrapWaiters}).
 *
 * <p>A call whose {@code from} is the collector's current second, with traps received in it, waits for the
 * batch after snapshot {@code seenVersion} instead, and at most until that second is over
 * ({@link #SAME_SECOND_MILLIS}): it has had some or all of those traps already.
 *
 * @param from        collector time: a negative time of the call already resolved against the collector clock
 * @param seconds     asked for, above zero; {@link TrapWaiters} caps it at maxwait
 * @param seenVersion the snapshot version the call was read against, when it waits for the next batch; -1 when
 *                    it waits for any trap received at or after {@code from}
 */
record TrapWait(TrapStore store, long from, int seconds, long seenVersion) {
    /** The longest a call holding on within its own second waits: then that second is over. */
    static final long SAME_SECOND_MILLIS = 1_000;

    /** Waits for any trap received at or after {@code from}. */
    static TrapWait forTrapsFrom(TrapStore store, long from, int seconds) {
        return new TrapWait(store, from, seconds, -1);
    }

    /** Waits for the next batch after snapshot {@code seenVersion}, or the end of the second {@code from}. */
    static TrapWait forNextBatch(TrapStore store, long from, int seconds, long seenVersion) {
        return new TrapWait(store, from, seconds, seenVersion);
    }

    /** How long the request may wait, in milliseconds, with the collector's {@code maxWait}. */
    long timeoutMillis(Duration maxWait) {
        long asked = Math.min(maxWait.toMillis(), TimeUnit.SECONDS.toMillis(seconds));
        return seenVersion < 0 ? asked : Math.min(asked, SAME_SECOND_MILLIS);
    }

    /** The method's result that stands for this wait: an array of one, as XML-RPC's reflection wants an array. */
    Object[] pending() {
        return new Object[] {this};
    }

    /** The wait a method's result stands for, or null for any other result. No allocation. */
    static TrapWait of(Object result) {
        return result instanceof Object[] array && array.length == 1 && array[0] instanceof TrapWait wait ? wait : null;
    }

    /** Whether {@code snapshot} holds a trap this call asks for (the newest is the last), or its next batch. */
    boolean ready(TrapSnapshot snapshot) {
        if (seenVersion >= 0) {
            return snapshot.version() > seenVersion;
        }
        var traps = snapshot.traps();
        if (traps.isEmpty()) {
            return false;
        }
        StoredTrap newest = traps.get(traps.size() - 1);
        return newest.receivedAt() >= from;
    }

    /** getTraps(from) now: the traps received at or after {@code from}, and a timestamp that loses nothing. */
    Object[] answer() {
        return TrapRpc.answer(store.since(from));
    }
}
