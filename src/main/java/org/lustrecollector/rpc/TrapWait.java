package org.lustrecollector.rpc;

import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.TrapSnapshot;
import org.lustrecollector.trap.TrapStore;

/**
 * A waitTraps call that found nothing to answer yet: the traps it asks for are those received at or after
 * {@code from}, and it may wait up to {@code seconds} for them. {@link TrapRpc#waitTraps} returns it, wrapped
 * by {@link #pending}, for {@link XmlRpcExchange} to suspend the request ({@link TrapWaiters}).
 *
 * @param from    collector time: a negative time of the call already resolved against the collector clock
 * @param seconds asked for, above zero; {@link TrapWaiters} caps it at maxwait
 */
record TrapWait(TrapStore store, long from, int seconds) {

    /** The method's result that stands for this wait: an array of one, as XML-RPC's reflection wants an array. */
    Object[] pending() {
        return new Object[] {this};
    }

    /** The wait a method's result stands for, or null for any other result. No allocation. */
    static TrapWait of(Object result) {
        return result instanceof Object[] array && array.length == 1 && array[0] instanceof TrapWait wait ? wait : null;
    }

    /** Whether {@code snapshot} holds a trap this call asks for: the newest is the last. */
    boolean ready(TrapSnapshot snapshot) {
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
