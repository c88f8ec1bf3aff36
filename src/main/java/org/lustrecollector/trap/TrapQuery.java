package org.lustrecollector.trap;

import java.util.List;

/**
 * Answer to "what arrived since T": the traps of one snapshot from a position on.
 *
 * @param snapshot  the store's snapshot the answer was read from
 * @param first     index in the snapshot of the first trap received at or after T
 * @param timestamp collector time of this read; passing it back as the next {@code since} misses nothing
 */
public record TrapQuery(TrapSnapshot snapshot, int first, long timestamp) {
    public TrapQuery {
        if (first < 0 || first > snapshot.traps().size()) {
            throw new IllegalArgumentException("first " + first + " outside a snapshot of "
                    + snapshot.traps().size() + " traps");
        }
    }

    /** The traps of the answer, in the order received. */
    public List<StoredTrap> traps() {
        List<StoredTrap> all = snapshot.traps();
        return first == 0 ? all : all.subList(first, all.size());
    }
}
