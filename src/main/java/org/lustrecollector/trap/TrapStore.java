package org.lustrecollector.trap;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.lustrecollector.api.Category;

/**
 * Holds at most {@code maxTraps} traps and answers "what arrived since T".
 *
 * <p>When full, the least severe trap goes first, the oldest among equals; a new trap less severe than
 * everything stored is itself refused. Both count as dropped, per category and per filesystem. Traps
 * received longer than {@code retention} ago go regardless of severity, so an old Fatal cannot block
 * new traps for good.
 *
 * <p>Readers never wait for a storm to be stored: they take an immutable snapshot (at most
 * {@code maxTraps} entries) published after each batch. The lock is held by readers only to pair the
 * snapshot with the collector time, which is what makes "pass back the timestamp, miss nothing" hold:
 * a trap not in a reader's snapshot is stamped at or after that reader's timestamp.
 */
public final class TrapStore implements TrapSink {

    /** Beyond this many distinct filesystem names, counts go to {@link #OTHER_FILESYSTEMS}; bad input must not grow memory. */
    static final int MAX_COUNTED_FILESYSTEMS = 4096;
    public static final String OTHER_FILESYSTEMS = "*other*";

    private static final int CATEGORIES = Category.values().length;
    private static final StoredTrap[] EMPTY = new StoredTrap[0];

    private final int maxTraps;
    private final long retentionSeconds;
    private final InstantSource clock;

    // Writer state, guarded by "this".
    @SuppressWarnings("unchecked")
    private final ArrayDeque<StoredTrap>[] byCategory = new ArrayDeque[CATEGORIES];
    private int size;
    private long nextSequence = 1;
    private long lastSecond;
    private final long[] received = new long[CATEGORIES];
    private final long[] dropped = new long[CATEGORIES];
    private long expired;
    private final Map<String, long[]> receivedByFs = new HashMap<>();
    private final Map<String, long[]> droppedByFs = new HashMap<>();

    private volatile StoredTrap[] snapshot = EMPTY;

    public TrapStore(int maxTraps, Duration retention, InstantSource clock) {
        if (maxTraps < 1) {
            throw new IllegalArgumentException("maxTraps must be at least 1: " + maxTraps);
        }
        this.maxTraps = maxTraps;
        this.retentionSeconds = retention.toSeconds();
        this.clock = clock;
        for (int c = 0; c < CATEGORIES; c++) {
            byCategory[c] = new ArrayDeque<>();
        }
    }

    public int maxTraps() {
        return maxTraps;
    }

    /** Stores a batch as one step: clients see all of it or none of it. */
    @Override
    public synchronized void addAll(Collection<Trap> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long stamp = now();
        for (Trap trap : batch) {
            add(trap, stamp);
        }
        publish();
    }

    public void add(Trap trap) {
        addAll(List.of(trap));
    }

    private void add(Trap trap, long stamp) {
        int category = trap.category().code();
        received[category]++;
        count(receivedByFs, trap.fsName(), category);
        if (size == maxTraps) {
            int victim = leastSevereStored();
            if (category < victim) {
                countDrop(trap);
                return;
            }
            countDrop(byCategory[victim].pollFirst().trap());
            size--;
        }
        byCategory[category].addLast(new StoredTrap(trap, nextSequence++, stamp));
        size++;
    }

    private int leastSevereStored() {
        for (int c = 0; c < CATEGORIES; c++) {
            if (!byCategory[c].isEmpty()) {
                return c;
            }
        }
        throw new IllegalStateException("full store with no traps");
    }

    private void countDrop(Trap trap) {
        dropped[trap.category().code()]++;
        count(droppedByFs, trap.fsName(), trap.category().code());
    }

    private static void count(Map<String, long[]> perFs, String fsName, int category) {
        long[] counts = perFs.get(fsName);
        if (counts == null) {
            String key = perFs.size() < MAX_COUNTED_FILESYSTEMS ? fsName : OTHER_FILESYSTEMS;
            counts = perFs.computeIfAbsent(key, k -> new long[CATEGORIES]);
        }
        counts[category]++;
    }

    /** Removes traps received more than the retention ago. Called by the collector's periodic tick. */
    public synchronized void expire() {
        long oldestKept = now() - retentionSeconds;
        int before = size;
        for (ArrayDeque<StoredTrap> deque : byCategory) {
            while (!deque.isEmpty() && deque.peekFirst().receivedAt() < oldestKept) {
                deque.pollFirst();
                size--;
                expired++;
            }
        }
        if (size != before) {
            publish();
        }
    }

    /** Merges the per-category queues (each in sequence order) into one array in sequence order. */
    private void publish() {
        StoredTrap[] merged = new StoredTrap[size];
        StoredTrap[][] queues = new StoredTrap[CATEGORIES][];
        int[] next = new int[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            queues[c] = byCategory[c].toArray(EMPTY);
        }
        for (int i = 0; i < merged.length; i++) {
            int best = -1;
            for (int c = 0; c < CATEGORIES; c++) {
                if (next[c] < queues[c].length
                        && (best < 0 || queues[c][next[c]].sequence() < queues[best][next[best]].sequence())) {
                    best = c;
                }
            }
            merged[i] = queues[best][next[best]++];
        }
        snapshot = merged;
    }

    /**
     * Traps received at or after {@code since} (collector seconds), in the order received.
     * A negative {@code since} means the last {@code -since} seconds.
     */
    public TrapQuery since(long since) {
        StoredTrap[] traps;
        long timestamp;
        synchronized (this) {
            timestamp = now();
            traps = snapshot;
        }
        long from = since < 0 ? timestamp + since : since;
        int first = firstReceivedAtOrAfter(traps, from);
        return new TrapQuery(new TrapSlice(traps, first, traps.length), timestamp);
    }

    private static int firstReceivedAtOrAfter(StoredTrap[] traps, long from) {
        int lo = 0;
        int hi = traps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (traps[mid].receivedAt() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Collector time of the newest stored trap, 0 when none. */
    public long lastTimestamp() {
        StoredTrap[] traps = snapshot;
        return traps.length == 0 ? 0 : traps[traps.length - 1].receivedAt();
    }

    public int size() {
        return snapshot.length;
    }

    public synchronized TrapCounts counts() {
        return new TrapCounts(received.clone(), dropped.clone(), expired,
                deepCopy(receivedByFs), deepCopy(droppedByFs), size);
    }

    private static Map<String, long[]> deepCopy(Map<String, long[]> perFs) {
        Map<String, long[]> copy = new HashMap<>(perFs.size() * 2);
        perFs.forEach((fs, counts) -> copy.put(fs, counts.clone()));
        return Map.copyOf(copy);
    }

    /** Collector seconds, never going backwards even if the wall clock is set back. Call under the lock. */
    private long now() {
        long second = clock.instant().getEpochSecond();
        if (second > lastSecond) {
            lastSecond = second;
        }
        return lastSecond;
    }
}
