package org.lustrecollector.trap;

import java.util.Collection;

/** Where a source hands the traps it read: the store, or in tests a recorder. */
public interface TrapSink {

    /** Takes a batch as one step: readers see all of it or none of it. */
    void addAll(Collection<Trap> batch);
}
