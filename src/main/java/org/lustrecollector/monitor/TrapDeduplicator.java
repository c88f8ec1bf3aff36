package org.lustrecollector.monitor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which traps are new to the person watching. Traps of one round are put in time order; a trap is
 * a repeat, and not shown, when
 * <ol>
 * <li>its id was seen before (both MDS nodes of a pair report an event with the same id; a collector may
 * serve a trap twice around its timestamp, and all of its trap file again after a restart), or</li>
 * <li>another collector reported the same trap (filesystem, node, category, message) with a time at most
 * {@code window} apart (the same event, given different ids on the two nodes).</li>
 * </ol>
 * The same trap twice from one collector with different ids is two events, and both are shown.
 * Memory is bounded: the newest {@code capacity} ids and trap contents are remembered.
 */
final class TrapDeduplicator {
    /** Twice what 200 collectors with the default maxtraps of 250 hold at once. */
    static final int DEFAULT_CAPACITY = 100_000;
    private static final int SIGHTINGS_PER_TRAP = 4;

    private static final Comparator<MonitoredTrap> TIME_ORDER = Comparator.comparingLong(MonitoredTrap::time);

    private record Content(String fs, String node, int category, String message) {
        static Content of(MonitoredTrap t) {
            return new Content(t.fs(), t.node(), t.category().code(), t.message());
        }
    }

    private record Sighting(long time, String collector) {
    }

    private final long windowSeconds;
    private final Map<String, Boolean> ids;
    private final Map<Content, Deque<Sighting>> contents;

    TrapDeduplicator(Duration window, int capacity) {
        this.windowSeconds = window.toSeconds();
        this.ids = bounded(capacity);
        this.contents = bounded(capacity);
    }

    /**
     * The traps of {@code batch} not seen before, oldest first. {@code batch} comes in the order the
     * collectors were given, so traps of the same second keep that order.
     */
    List<MonitoredTrap> fresh(List<MonitoredTrap> batch) {
        List<MonitoredTrap> sorted = new ArrayList<>(batch);
        sorted.sort(TIME_ORDER); // stable
        List<MonitoredTrap> fresh = new ArrayList<>();
        for (MonitoredTrap t : sorted) {
            if (ids.put(t.id(), Boolean.TRUE) != null) {
                continue;
            }
            Deque<Sighting> sightings = contents.computeIfAbsent(Content.of(t), k -> new ArrayDeque<>());
            boolean reportedElsewhere = sightings.stream().anyMatch(s -> !s.collector().equals(t.collector())
                    && Math.abs(s.time() - t.time()) <= windowSeconds);
            if (sightings.size() == SIGHTINGS_PER_TRAP) {
                sightings.removeFirst();
            }
            sightings.addLast(new Sighting(t.time(), t.collector()));
            if (!reportedElsewhere) {
                fresh.add(t);
            }
        }
        return fresh;
    }

    /** Least recently used entries go first once {@code capacity} is reached. */
    private static <K, V> Map<K, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
