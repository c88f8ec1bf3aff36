package org.lustrecollector.trap;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands traps to a sink in batches of at most {@link #SIZE}, so a storm of a million lines never
 * holds more than one batch in memory, and readers see a storm arrive batch by batch. One per source.
 */
public final class TrapBatcher {
    public static final int SIZE = 4096;

    private final TrapSink sink;
    private final List<Trap> traps = new ArrayList<>();

    public TrapBatcher(TrapSink sink) {
        this.sink = sink;
    }

    public void add(Trap trap) {
        traps.add(trap);
        if (traps.size() == SIZE) {
            flush();
        }
    }

    /** Stores what has been added: at the end of a read, so nothing waits for a batch to fill. */
    public void flush() {
        if (!traps.isEmpty()) {
            sink.addAll(traps);
            traps.clear();
        }
    }
}
