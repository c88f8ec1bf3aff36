package org.lustrecollector.trap;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Part of an array the store never changes once published, as a read-only list: the traps of a
 * {@link TrapSnapshot}. A view, not a copy: readers ask for the same snapshot many times a second.
 */
public final class TrapSlice extends AbstractList<StoredTrap> implements RandomAccess {
    private final StoredTrap[] snapshot;
    private final int from;
    private final int to;

    TrapSlice(StoredTrap[] snapshot, int from, int to) {
        Objects.checkFromToIndex(from, to, snapshot.length);
        this.snapshot = snapshot;
        this.from = from;
        this.to = to;
    }

    @Override
    public StoredTrap get(int index) {
        return snapshot[from + Objects.checkIndex(index, to - from)];
    }

    @Override
    public int size() {
        return to - from;
    }
}
