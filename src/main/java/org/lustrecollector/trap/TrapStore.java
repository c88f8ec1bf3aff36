package org.lustrecollector.trap;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import org.lustrecollector.api.Category;

/**
 * Holds at most {@code maxTraps} traps and answers "what arrived since T".
 *
 * <p>When full, the least severe trap goes first, the oldest among equals; a new trap less severe than
 * everything stored is itself refused. Both count as dropped, per category and per filesystem. Traps
 * received longer than {@code retention} ago go regardless of severity, so an old Fatal cannot block
 * new traps for good.
 *
 * <p>Summaries ({@link #addSummaries}: a trap that explains a storm of others) outrank every other trap,
 * whatever its severity: a new summary takes the place of the least severe, oldest other trap, and no other
 * trap takes the place of a summary (when only summaries are stored, a new other trap is refused). Only
 * when the store holds summaries alone does a new summary take the place of the oldest summary. Summaries
 * expire by retention as any trap and are counted under their own category and filesystem.
 *
 * <p>Readers never wait for a storm to be stored: they take an immutable, versioned
 * {@link TrapSnapshot} (at most {@code maxTraps} entries) published after each change. The lock is held
 * by readers only to pair the snapshot with the collector time, which is what makes "pass back the
 * timestamp, miss nothing" hold: a trap not in a reader's snapshot is stamped at or after that reader's
 * timestamp.
 *
 * <p>Whoever waits for new traps registers a {@link PublishListener}: it is told of every snapshot published,
 * after the lock is released, on the thread that stored the batch. A handful of listeners serve any number
 * of waiting clients (the XML-RPC server has one), so waiting costs no thread.
 *
 * <p>Collector time is the wall-clock time read at construction plus the time elapsed since, as a
 * monotonic source measures it: setting the wall clock neither expires traps nor stamps them in the future.
 */
public final class TrapStore implements TrapSink {

    /** Beyond this many distinct filesystem names, counts go to {@link #OTHER_FILESYSTEMS}; bad input must not grow memory. */
    static final int MAX_COUNTED_FILESYSTEMS = 4096;
    public static final String OTHER_FILESYSTEMS = "*other*";

    private static final int CATEGORIES = Category.values().length;
    /** Index of the summaries' queue, after the categories' queues: the last place the least severe is looked for. */
    private static final int SUMMARIES = CATEGORIES;
    private static final int QUEUES = CATEGORIES + 1;
    private static final StoredTrap[] EMPTY = new StoredTrap[0];
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final int maxTraps;
    private final long retentionSeconds;
    private final long startMillis;
    private final long startNanos;
    private final LongSupplier monotonicNanos;

    // Writer state, guarded by "this". One queue per category, then the summaries' queue; each in sequence order.
    @SuppressWarnings("unchecked")
    private final ArrayDeque<StoredTrap>[] queues = new ArrayDeque[QUEUES];
    private int size;
    private long nextSequence = 1;
    private long lastSecond;
    private final long[] received = new long[CATEGORIES];
    private final long[] dropped = new long[CATEGORIES];
    private long expired;
    private final Map<String, long[]> receivedByFs = new HashMap<>();
    private final Map<String, long[]> droppedByFs = new HashMap<>();
    private final Map<String, long[]> expiredByFs = new HashMap<>();

    private volatile TrapSnapshot snapshot = new TrapSnapshot(0, new TrapSlice(EMPTY, 0, 0));
    private final List<PublishListener> listeners = new CopyOnWriteArrayList<>();

    /** Told of each snapshot the store publishes; see {@link #addPublishListener}. */
    @FunctionalInterface
    public interface PublishListener {
        /**
         * Called once per published snapshot (a stored batch, or traps expired), on the thread that changed
         * the store, after its lock is released; two threads storing at once may tell their snapshots in
         * either order. Must return quickly and not throw: the collector's loop is waiting.
         */
        void published(TrapSnapshot snapshot);
    }

    /**
     * A store whose time is {@code clock}'s own, elapsed time included: for a clock that moves only when told
     * to (tests, tools). The collector pairs the wall clock with {@link System#nanoTime} instead.
     */
    public TrapStore(int maxTraps, Duration retention, InstantSource clock) {
        this(maxTraps, retention, clock, () -> clock.millis() * NANOS_PER_MILLI);
    }

    /**
     * @param wall           read once, here: the collector time at construction
     * @param monotonicNanos a monotonic source of nanoseconds ({@link System#nanoTime}); collector time
     *                       advances by what it measures
     */
    public TrapStore(int maxTraps, Duration retention, InstantSource wall, LongSupplier monotonicNanos) {
        if (maxTraps < 1) {
            throw new IllegalArgumentException("maxTraps must be at least 1: " + maxTraps);
        }
        this.maxTraps = maxTraps;
        this.retentionSeconds = retention.toSeconds();
        this.monotonicNanos = monotonicNanos;
        this.startNanos = monotonicNanos.getAsLong();
        this.startMillis = wall.millis();
        for (int q = 0; q < QUEUES; q++) {
            queues[q] = new ArrayDeque<>();
        }
    }

    public int maxTraps() {
        return maxTraps;
    }

    /** Stores a batch as one step: clients see all of it or none of it. */
    @Override
    public void addAll(Collection<Trap> batch) {
        store(batch, false);
    }

    /** Stores a batch of summaries as one step, ahead of every other trap when full (see the class comment). */
    @Override
    public void addSummaries(Collection<Trap> batch) {
        store(batch, true);
    }

    private void store(Collection<Trap> batch, boolean summaries) {
        if (batch.isEmpty()) {
            return;
        }
        TrapSnapshot published;
        synchronized (this) {
            long stamp = now();
            for (Trap trap : batch) {
                if (summaries) {
                    addSummary(trap, stamp);
                } else {
                    add(trap, stamp);
                }
            }
            published = publish();
        }
        tell(published);
    }

    /** From now on, {@code listener} is told of every snapshot published. */
    public void addPublishListener(PublishListener listener) {
        listeners.add(listener);
    }

    public void removePublishListener(PublishListener listener) {
        listeners.remove(listener);
    }

    private void tell(TrapSnapshot published) {
        for (PublishListener listener : listeners) {
            listener.published(published);
        }
    }

    public void add(Trap trap) {
        addAll(List.of(trap));
    }

    private void add(Trap trap, long stamp) {
        int category = trap.category().code();
        received[category]++;
        count(receivedByFs, trap.fsName(), category);
        if (size == maxTraps) {
            // SUMMARIES when only summaries are stored: above every category, so the new trap is refused.
            int victim = leastSevereStored();
            if (category < victim) {
                countDrop(trap);
                return;
            }
            countDrop(queues[victim].pollFirst().trap());
            size--;
        }
        queues[category].addLast(new StoredTrap(trap, nextSequence++, stamp));
        size++;
    }

    private void addSummary(Trap trap, long stamp) {
        int category = trap.category().code();
        received[category]++;
        count(receivedByFs, trap.fsName(), category);
        if (size == maxTraps) {
            countDrop(queues[leastSevereStored()].pollFirst().trap());
            size--;
        }
        queues[SUMMARIES].addLast(new StoredTrap(trap, nextSequence++, stamp));
        size++;
    }

    /** The queue of the least severe trap that is not a summary; {@link #SUMMARIES} when only summaries are stored. */
    private int leastSevereStored() {
        for (int c = 0; c < CATEGORIES; c++) {
            if (!queues[c].isEmpty()) {
                return c;
            }
        }
        return SUMMARIES;
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
    public void expire() {
        TrapSnapshot published = null;
        synchronized (this) {
            long oldestKept = now() - retentionSeconds;
            int before = size;
            for (ArrayDeque<StoredTrap> deque : queues) {
                while (!deque.isEmpty() && deque.peekFirst().receivedAt() < oldestKept) {
                    Trap gone = deque.pollFirst().trap();
                    size--;
                    expired++;
                    count(expiredByFs, gone.fsName(), gone.category().code());
                }
            }
            if (size != before) {
                published = publish();
            }
        }
        if (published != null) {
            tell(published);
        }
    }

    /** Merges the queues (each in sequence order) into one array in sequence order. */
    private TrapSnapshot publish() {
        StoredTrap[] merged = new StoredTrap[size];
        StoredTrap[][] arrays = new StoredTrap[QUEUES][];
        int[] next = new int[QUEUES];
        for (int q = 0; q < QUEUES; q++) {
            arrays[q] = queues[q].toArray(EMPTY);
        }
        for (int i = 0; i < merged.length; i++) {
            int best = -1;
            for (int q = 0; q < QUEUES; q++) {
                if (next[q] < arrays[q].length
                        && (best < 0 || arrays[q][next[q]].sequence() < arrays[best][next[best]].sequence())) {
                    best = q;
                }
            }
            merged[i] = arrays[best][next[best]++];
        }
        snapshot = new TrapSnapshot(snapshot.version() + 1, new TrapSlice(merged, 0, merged.length));
        return snapshot;
    }

    /**
     * Traps received at or after {@code since} (collector seconds), in the order received.
     * A negative {@code since} means the last {@code -since} seconds.
     */
    public TrapQuery since(long since) {
        TrapSnapshot read;
        long timestamp;
        synchronized (this) {
            timestamp = now();
            read = snapshot;
        }
        long from = since < 0 ? timestamp + since : since;
        return new TrapQuery(read, firstReceivedAtOrAfter(read.traps(), from), timestamp);
    }

    /** The snapshot published last. */
    public TrapSnapshot snapshot() {
        return snapshot;
    }

    private static int firstReceivedAtOrAfter(List<StoredTrap> traps, long from) {
        int lo = 0;
        int hi = traps.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (traps.get(mid).receivedAt() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Collector time of the newest stored trap, 0 when none. */
    public long lastTimestamp() {
        List<StoredTrap> traps = snapshot.traps();
        return traps.isEmpty() ? 0 : traps.get(traps.size() - 1).receivedAt();
    }

    public int size() {
        return snapshot.traps().size();
    }

    public synchronized TrapCounts counts() {
        return new TrapCounts(received.clone(), dropped.clone(), expired,
                deepCopy(receivedByFs), deepCopy(droppedByFs), size, deepCopy(expiredByFs));
    }

    private static Map<String, long[]> deepCopy(Map<String, long[]> perFs) {
        Map<String, long[]> copy = new HashMap<>(perFs.size() * 2);
        perFs.forEach((fs, counts) -> copy.put(fs, counts.clone()));
        return Map.copyOf(copy);
    }

    /**
     * Collector seconds: the wall time at construction plus the monotonic time elapsed since; never
     * backwards, even on a clock that is not monotonic. Call under the lock.
     */
    private long now() {
        long elapsedMillis = (monotonicNanos.getAsLong() - startNanos) / NANOS_PER_MILLI;
        long second = Math.floorDiv(startMillis + elapsedMillis, 1000);
        if (second > lastSecond) {
            lastSecond = second;
        }
        return lastSecond;
    }
}
