package org.lustrecollector.trap;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Part of one published snapshot of the store, as a read-only list: what {@link TrapStore#since} answers.
 * A view, not a copy: the store never changes a snapshot once published. Polling clients ask for the same
 * snapshot thousands of times; copying it twice per call, and then comparing trap by trap whether the
 * encoded rows still matched, was a fifth of a getTraps call (docs/benchmarks.md). {@link #startWithin}
 * answers that comparison for slices of the same snapshot at once.
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

    /**
     * Where this slice starts within {@code other} when both are of the same snapshot and this one lies
     * inside it; -1 otherwise (another snapshot, or traps that {@code other} does not hold).
     */
    public int startWithin(TrapSlice other) {
        return snapshot == other.snapshot && from >= other.from && to <= other.to ? from - other.from : -1;
    }
}
