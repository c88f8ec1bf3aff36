package org.lustrecollector.trap;

import java.util.Collection;

/** Where a source hands the traps it read: the store, or in tests a recorder. */
public interface TrapSink {

    /** Takes a batch as one step: readers see all of it or none of it. */
    void addAll(Collection<Trap> batch);

    /**
     * Takes a batch of summaries: traps that explain many others at once (the cause of a storm). The store
     * keeps them ahead of every other trap when full ({@link TrapStore}); a sink that keeps no such order
     * takes them as any other batch.
     */
    default void addSummaries(Collection<Trap> batch) {
        addAll(batch);
    }
}
