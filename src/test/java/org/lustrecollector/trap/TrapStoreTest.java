package org.lustrecollector.trap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lustrecollector.api.Category;

class TrapStoreTest {
    private static final long T0 = 1_800_000_000L;
    private static final Duration DAY = Duration.ofHours(24);

    private final MutableInstantSource clock = new MutableInstantSource(T0);

    private static Trap trap(String id, Category category) {
        return trap(id, category, "lustre");
    }

    private static Trap trap(String id, Category category, String fs) {
        return new Trap(id, 1_700_000_000L, category, fs, "lustre-OST0001", "message " + id);
    }

    private static List<String> ids(TrapQuery query) {
        return query.traps().stream().map(t -> t.trap().id()).toList();
    }

    private static List<String> storedIds(TrapStore store) {
        return ids(store.since(0));
    }

    private static void assertCountsAddUp(TrapCounts counts) {
        assertEquals(counts.totalReceived(), counts.stored() + counts.totalDropped() + counts.expired(),
                "received = stored + dropped + expired");
    }

    // ---- capacity and eviction ----

    @Test
    void refusesAMaxTrapsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TrapStore(0, DAY, clock));
    }

    @Test
    void holdsAtMostMaxTrapsDroppingTheOldestAmongEquals() {
        TrapStore store = new TrapStore(3, DAY, clock);
        for (int i = 1; i <= 5; i++) {
            store.add(trap("w" + i, Category.WARNING));
        }
        assertEquals(3, store.size());
        assertEquals(List.of("w3", "w4", "w5"), storedIds(store));
        TrapCounts counts = store.counts();
        assertEquals(5, counts.totalReceived());
        assertEquals(2, counts.dropped()[Category.WARNING.code()]);
        assertEquals(3, counts.stored());
        assertCountsAddUp(counts);
    }

    @Test
    void whenFullTheLeastSevereGoesFirstTheOldestAmongEquals() {
        TrapStore store = new TrapStore(4, DAY, clock);
        store.addAll(List.of(trap("w1", Category.WARNING), trap("i1", Category.INFO),
                trap("c1", Category.CRITICAL), trap("i2", Category.INFO)));
        assertEquals(4, store.size());

        store.add(trap("w2", Category.WARNING)); // evicts i1: least severe, oldest of the Infos
        assertEquals(List.of("w1", "c1", "i2", "w2"), storedIds(store));
        store.add(trap("f1", Category.FATAL)); // evicts i2
        assertEquals(List.of("w1", "c1", "w2", "f1"), storedIds(store));
        store.add(trap("c2", Category.CRITICAL)); // evicts w1: oldest of the Warnings
        assertEquals(List.of("c1", "w2", "f1", "c2"), storedIds(store));
        store.add(trap("w3", Category.WARNING)); // evicts w2: a Warning equal to the least severe stored
        assertEquals(List.of("c1", "f1", "c2", "w3"), storedIds(store));

        TrapCounts counts = store.counts();
        assertArrayEquals(new long[] {2, 2, 0, 0}, counts.dropped());
        assertArrayEquals(new long[] {2, 3, 2, 1}, counts.received());
        assertCountsAddUp(counts);
    }

    @Test
    void aNewTrapLessSevereThanEverythingStoredIsItselfDropped() {
        TrapStore store = new TrapStore(2, DAY, clock);
        store.add(trap("c1", Category.CRITICAL, "fsA"));
        store.add(trap("f1", Category.FATAL, "fsA"));

        store.add(trap("w1", Category.WARNING, "fsB"));
        store.add(trap("i1", Category.INFO, "fsC"));
        assertEquals(List.of("c1", "f1"), storedIds(store));

        TrapCounts counts = store.counts();
        assertArrayEquals(new long[] {1, 1, 0, 0}, counts.dropped());
        assertArrayEquals(new long[] {0, 1, 0, 0}, counts.droppedByFileSystem().get("fsB"));
        assertArrayEquals(new long[] {1, 0, 0, 0}, counts.droppedByFileSystem().get("fsC"));
        assertEquals(null, counts.droppedByFileSystem().get("fsA"));
        assertArrayEquals(new long[] {0, 0, 1, 1}, counts.receivedByFileSystem().get("fsA"));
        assertCountsAddUp(counts);
    }

    @Test
    void expiredTrapsAreCountedPerCategoryAndFileSystem() {
        TrapStore store = new TrapStore(10, Duration.ofHours(1), clock);
        store.add(trap("a-info", Category.INFO, "fsA"));
        store.add(trap("a-crit", Category.CRITICAL, "fsA"));
        store.add(trap("b-warn", Category.WARNING, "fsB"));
        clock.advance(Duration.ofMinutes(30).toSeconds());
        store.add(trap("b-fatal", Category.FATAL, "fsB"));
        clock.advance(Duration.ofMinutes(40).toSeconds());
        store.expire();
        assertEquals(List.of("b-fatal"), storedIds(store));

        TrapCounts counts = store.counts();
        assertEquals(3, counts.expired());
        assertArrayEquals(new long[] {1, 0, 1, 0}, counts.expiredByFileSystem().get("fsA"));
        assertArrayEquals(new long[] {0, 1, 0, 0}, counts.expiredByFileSystem().get("fsB"));
        assertCountsAddUp(counts);
    }

    @Test
    void droppedCountsPerCategoryAndFileSystemOutliveTheTraps() {
        TrapStore store = new TrapStore(2, Duration.ofHours(1), clock);
        store.add(trap("a-info", Category.INFO, "fsA"));
        store.add(trap("b-warn", Category.WARNING, "fsB"));
        store.add(trap("a-crit", Category.CRITICAL, "fsA")); // evicts a-info
        store.add(trap("b-info", Category.INFO, "fsB")); // refused
        store.add(trap("b-fatal", Category.FATAL, "fsB")); // evicts b-warn
        assertEquals(List.of("a-crit", "b-fatal"), storedIds(store));

        clock.advance(Duration.ofHours(2).toSeconds());
        store.expire();
        assertEquals(0, store.size());

        TrapCounts counts = store.counts();
        assertEquals(0, counts.stored());
        assertEquals(2, counts.expired());
        assertArrayEquals(new long[] {2, 1, 0, 0}, counts.dropped());
        assertArrayEquals(new long[] {1, 0, 0, 0}, counts.droppedByFileSystem().get("fsA"));
        assertArrayEquals(new long[] {1, 1, 0, 0}, counts.droppedByFileSystem().get("fsB"));
        assertArrayEquals(new long[] {1, 0, 1, 0}, counts.receivedByFileSystem().get("fsA"));
        assertArrayEquals(new long[] {1, 1, 0, 1}, counts.receivedByFileSystem().get("fsB"));
        assertEquals(5, counts.totalReceived());
        assertCountsAddUp(counts);
    }

    @Test
    void countsAreCopiesNotLiveViews() {
        TrapStore store = new TrapStore(1, DAY, clock);
        store.add(trap("a", Category.INFO, "fsA"));
        TrapCounts before = store.counts();
        store.add(trap("b", Category.INFO, "fsA"));
        assertArrayEquals(new long[] {1, 0, 0, 0}, before.received());
        assertArrayEquals(new long[] {0, 0, 0, 0}, before.dropped());
        assertArrayEquals(new long[] {1, 0, 0, 0}, before.receivedByFileSystem().get("fsA"));
        assertArrayEquals(new long[] {2, 0, 0, 0}, store.counts().receivedByFileSystem().get("fsA"));
    }

    @Test
    void distinctFileSystemNamesBeyondTheLimitAreCountedTogether() {
        TrapStore store = new TrapStore(1, DAY, clock);
        int names = TrapStore.MAX_COUNTED_FILESYSTEMS + 100;
        List<Trap> batch = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            batch.add(trap("t" + i, Category.INFO, "fs" + i));
        }
        store.addAll(batch);
        Map<String, long[]> byFs = store.counts().receivedByFileSystem();
        assertEquals(TrapStore.MAX_COUNTED_FILESYSTEMS + 1, byFs.size());
        assertTrue(byFs.containsKey(TrapStore.OTHER_FILESYSTEMS));
        assertEquals(names, byFs.values().stream().mapToLong(c -> c[Category.INFO.code()]).sum());
    }

    @Test
    void aStormOfCriticalTrapsKeepsEveryFatalOne() {
        int maxTraps = 250;
        TrapStore store = new TrapStore(maxTraps, DAY, clock);
        List<Trap> before = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            before.add(trap("fatal" + i, Category.FATAL, "fsF"));
            before.add(trap("info" + i, Category.INFO, "fsI"));
        }
        store.addAll(before);

        int storm = 100_000;
        List<Trap> batch = new ArrayList<>();
        for (int i = 0; i < storm; i++) {
            batch.add(trap("crit" + i, Category.CRITICAL, "fsC"));
            if (batch.size() == 1000) {
                store.addAll(batch);
                batch.clear();
                clock.advance(1);
            }
        }
        store.addAll(batch);

        assertEquals(maxTraps, store.size());
        List<String> stored = storedIds(store);
        assertEquals(maxTraps, stored.size());
        for (int i = 0; i < 10; i++) {
            assertTrue(stored.contains("fatal" + i), "fatal" + i + " kept");
        }
        List<String> expectedCritical = new ArrayList<>();
        for (int i = storm - (maxTraps - 10); i < storm; i++) {
            expectedCritical.add("crit" + i);
        }
        assertEquals(expectedCritical, stored.subList(10, maxTraps), "the newest Critical traps are kept");

        TrapCounts counts = store.counts();
        assertEquals(storm + 20, counts.totalReceived());
        assertArrayEquals(new long[] {10, 0, storm - (maxTraps - 10), 0}, counts.dropped());
        assertEquals(maxTraps, counts.stored());
        assertEquals(0, counts.expired());
        assertCountsAddUp(counts);

        clock.advance(DAY.toSeconds() + 1000);
        store.expire();
        counts = store.counts();
        assertEquals(0, counts.stored());
        assertEquals(maxTraps, counts.expired());
        assertCountsAddUp(counts);
    }

    // ---- summaries ----

    @Test
    void aCriticalSummaryInAStormOfCriticalAndFatalTrapsIsKept() {
        int maxTraps = 250;
        TrapStore store = new TrapStore(maxTraps, DAY, clock);
        int storm = 10_000;
        int summaryAt = 3_000;
        List<Trap> batch = new ArrayList<>();
        for (int i = 0; i < storm; i++) {
            batch.add(trap("lost" + i, i % 2 == 0 ? Category.CRITICAL : Category.FATAL, "fsC"));
            if (i == summaryAt) {
                store.addAll(batch);
                batch.clear();
                store.addSummaries(List.of(trap("summary", Category.CRITICAL, "fsS")));
            }
            if (batch.size() == 500) {
                store.addAll(batch);
                batch.clear();
            }
        }
        store.addAll(batch);

        List<String> stored = storedIds(store);
        assertEquals(maxTraps, stored.size());
        assertTrue(stored.contains("summary"), "the summary outlives the storm it explains");
        assertEquals("summary", stored.get(0), "stored before the traps that came after it");
        TrapCounts counts = store.counts();
        assertEquals(storm + 1, counts.totalReceived());
        assertEquals(storm - (maxTraps - 1), counts.totalDropped());
        assertEquals(0, counts.droppedByFileSystem().getOrDefault("fsS", new long[4])[Category.CRITICAL.code()]);
        assertEquals(1, counts.receivedByFileSystem().get("fsS")[Category.CRITICAL.code()]);
        assertEquals(storm / 2, counts.dropped()[Category.CRITICAL.code()], "every individual Critical trap goes");
        assertEquals(storm / 2 - (maxTraps - 1), counts.dropped()[Category.FATAL.code()]);
        assertCountsAddUp(counts);
    }

    @Test
    void aNewSummaryTakesThePlaceOfTheLeastSevereOtherTrapWhateverItsSeverity() {
        TrapStore store = new TrapStore(3, DAY, clock);
        store.addAll(List.of(trap("f1", Category.FATAL), trap("c1", Category.CRITICAL), trap("f2", Category.FATAL)));
        store.addSummaries(List.of(trap("over", Category.INFO)));
        assertEquals(List.of("f1", "f2", "over"), storedIds(store));
        store.addSummaries(List.of(trap("s2", Category.CRITICAL)));
        assertEquals(List.of("f2", "over", "s2"), storedIds(store), "the oldest Fatal goes, not a summary");
        assertArrayEquals(new long[] {0, 0, 1, 1}, store.counts().dropped());
        assertCountsAddUp(store.counts());
    }

    @Test
    void noOtherTrapTakesThePlaceOfASummary() {
        TrapStore store = new TrapStore(2, DAY, clock);
        store.addSummaries(List.of(trap("over", Category.INFO)));
        store.add(trap("c1", Category.CRITICAL));
        store.add(trap("f1", Category.FATAL));
        assertEquals(List.of("over", "f1"), storedIds(store), "a Fatal trap takes the Critical one's place");
        store.addSummaries(List.of(trap("s2", Category.CRITICAL)));
        assertEquals(List.of("over", "s2"), storedIds(store));
        store.add(trap("f2", Category.FATAL));
        assertEquals(List.of("over", "s2"), storedIds(store), "with only summaries stored, a new trap is refused");
        TrapCounts counts = store.counts();
        assertArrayEquals(new long[] {0, 0, 1, 2}, counts.dropped());
        assertCountsAddUp(counts);
    }

    @Test
    void whenOnlySummariesAreStoredTheOldestSummaryGoes() {
        TrapStore store = new TrapStore(2, DAY, clock);
        store.addSummaries(List.of(trap("s1", Category.FATAL), trap("s2", Category.CRITICAL)));
        store.addSummaries(List.of(trap("s3", Category.INFO)));
        assertEquals(List.of("s2", "s3"), storedIds(store));
        assertArrayEquals(new long[] {0, 0, 0, 1}, store.counts().dropped());
        assertCountsAddUp(store.counts());
    }

    @Test
    void summariesExpireByRetention() {
        TrapStore store = new TrapStore(3, Duration.ofHours(1), clock);
        store.addSummaries(List.of(trap("old-summary", Category.FATAL)));
        clock.advance(1800);
        store.add(trap("w1", Category.WARNING));
        clock.advance(1801);
        store.expire();
        assertEquals(List.of("w1"), storedIds(store));
        TrapCounts counts = store.counts();
        assertEquals(1, counts.expired());
        assertEquals(1, counts.expiredByFileSystem().get("lustre")[Category.FATAL.code()]);
        assertCountsAddUp(counts);
    }

    // ---- retention ----

    @Test
    void expireRemovesTrapsOlderThanTheRetentionWhateverTheirSeverity() {
        TrapStore store = new TrapStore(2, Duration.ofHours(1), clock);
        store.add(trap("old-fatal", Category.FATAL));
        clock.advance(1800);
        store.add(trap("new-fatal", Category.FATAL));
        store.add(trap("info1", Category.INFO));
        assertEquals(List.of("old-fatal", "new-fatal"), storedIds(store), "full of Fatal traps: Info refused");

        clock.set(T0 + 3600);
        store.expire();
        assertEquals(List.of("old-fatal", "new-fatal"), storedIds(store), "exactly the retention ago: kept");

        clock.set(T0 + 3601);
        store.expire();
        assertEquals(List.of("new-fatal"), storedIds(store), "older than the retention: gone though Fatal");

        store.add(trap("info2", Category.INFO));
        assertEquals(List.of("new-fatal", "info2"), storedIds(store), "room made for a new trap");

        TrapCounts counts = store.counts();
        assertEquals(1, counts.expired());
        assertArrayEquals(new long[] {1, 0, 0, 0}, counts.dropped());
        assertCountsAddUp(counts);
    }

    @Test
    void expireWithNothingOldKeepsEverything() {
        TrapStore store = new TrapStore(10, Duration.ofSeconds(60), clock);
        store.add(trap("a", Category.INFO));
        clock.advance(60);
        store.add(trap("b", Category.INFO));
        store.expire();
        assertEquals(List.of("a", "b"), storedIds(store));
        clock.advance(1);
        store.expire();
        assertEquals(List.of("b"), storedIds(store));
        assertEquals(1, store.counts().expired());
    }

    // ---- since ----

    @Test
    void sinceReturnsTrapsReceivedAtOrAfterTheTimeInReceiveOrder() {
        TrapStore store = new TrapStore(100, DAY, clock);
        store.add(trap("a", Category.CRITICAL));
        clock.advance(1);
        store.addAll(List.of(trap("b", Category.FATAL), trap("c", Category.INFO)));
        clock.advance(1);
        store.add(trap("d", Category.WARNING));

        assertEquals(List.of("a", "b", "c", "d"), ids(store.since(0)));
        assertEquals(List.of("a", "b", "c", "d"), ids(store.since(T0)));
        assertEquals(List.of("b", "c", "d"), ids(store.since(T0 + 1)));
        assertEquals(List.of("d"), ids(store.since(T0 + 2)));
        assertEquals(List.of(), ids(store.since(T0 + 3)));

        List<StoredTrap> all = store.since(0).traps();
        assertEquals(List.of(T0, T0 + 1, T0 + 1, T0 + 2), all.stream().map(StoredTrap::receivedAt).toList());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).sequence() > all.get(i - 1).sequence());
        }
    }

    @Test
    void sinceKeepsReceiveOrderAcrossEvictions() {
        TrapStore store = new TrapStore(3, DAY, clock);
        store.add(trap("f1", Category.FATAL));
        store.add(trap("i1", Category.INFO));
        store.add(trap("c1", Category.CRITICAL));
        store.add(trap("w1", Category.WARNING)); // evicts i1
        store.add(trap("f2", Category.FATAL)); // evicts w1
        assertEquals(List.of("f1", "c1", "f2"), storedIds(store));
    }

    @Test
    void sinceTimestampIsTheCollectorClock() {
        TrapStore store = new TrapStore(10, DAY, clock);
        assertEquals(T0, store.since(0).timestamp());
        clock.advance(42);
        TrapQuery q = store.since(T0);
        assertEquals(T0 + 42, q.timestamp());
        assertEquals(List.of(), q.traps());
    }

    @Test
    void negativeSinceMeansTheLastSeconds() {
        TrapStore store = new TrapStore(100, DAY, clock);
        store.add(trap("a", Category.INFO));
        clock.advance(1);
        store.add(trap("b", Category.INFO));
        clock.advance(1);
        store.add(trap("c", Category.INFO));
        clock.set(T0 + 10);

        assertEquals(List.of("a", "b", "c"), ids(store.since(-10)));
        assertEquals(List.of("b", "c"), ids(store.since(-9)));
        assertEquals(List.of("c"), ids(store.since(-8)));
        assertEquals(List.of(), ids(store.since(-7)));
        assertEquals(List.of("a", "b", "c"), ids(store.since(-1_000_000)));
        assertEquals(T0 + 10, store.since(-8).timestamp());
    }

    @Test
    void passingTheTimestampBackMissesNothingWithinTheSameSecond() {
        TrapStore store = new TrapStore(100, DAY, clock);
        store.add(trap("a", Category.INFO));
        TrapQuery first = store.since(0);
        assertEquals(List.of("a"), ids(first));

        store.add(trap("b", Category.INFO)); // same second as the read
        TrapQuery second = store.since(first.timestamp());
        assertTrue(ids(second).contains("b"), "b added after the read, in the same second: " + ids(second));

        store.addAll(List.of(trap("c", Category.FATAL), trap("d", Category.INFO)));
        clock.advance(1);
        store.add(trap("e", Category.INFO));
        TrapQuery third = store.since(second.timestamp());
        assertTrue(ids(third).containsAll(List.of("c", "d", "e")), ids(third).toString());

        TrapQuery fourth = store.since(third.timestamp());
        assertEquals(List.of("e"), ids(fourth), "repeats only from the second of the last read");
    }

    @Test
    void aClockSetBackwardsDoesNotMakeTimestampsGoBackwards() {
        TrapStore store = new TrapStore(100, DAY, clock);
        store.add(trap("a", Category.INFO));
        TrapQuery before = store.since(0);
        assertEquals(T0, before.timestamp());

        clock.set(T0 - 3600);
        TrapQuery after = store.since(before.timestamp());
        assertEquals(T0, after.timestamp(), "timestamp must not go back with the wall clock");

        store.add(trap("b", Category.INFO));
        assertEquals(T0, store.lastTimestamp());
        assertTrue(ids(store.since(after.timestamp())).contains("b"), "a trap added after the clock went back");
        assertEquals(List.of(T0, T0), store.since(0).traps().stream().map(StoredTrap::receivedAt).toList());

        clock.set(T0 + 5);
        store.add(trap("c", Category.INFO));
        assertEquals(T0 + 5, store.since(0).timestamp());
        assertEquals(List.of("c"), ids(store.since(T0 + 1)));
    }

    // ---- lastTimestamp ----

    @Test
    void lastTimestampIsZeroWhenEmptyElseWhenTheNewestWasReceived() {
        TrapStore store = new TrapStore(1, Duration.ofHours(1), clock);
        assertEquals(0, store.lastTimestamp());

        store.add(trap("f", Category.FATAL));
        assertEquals(T0, store.lastTimestamp());

        clock.advance(10);
        store.add(trap("i", Category.INFO)); // refused: not stored, so not the newest stored
        assertEquals(T0, store.lastTimestamp());

        store.add(trap("f2", Category.FATAL));
        assertEquals(T0 + 10, store.lastTimestamp());

        clock.advance(7200);
        assertEquals(T0 + 10, store.lastTimestamp(), "reading the clock alone changes nothing");
        store.expire();
        assertEquals(0, store.lastTimestamp());
    }

    // ---- memory bound ----

    @Test
    void aMillionTrapsThroughTheStoreLeaveOnlyMaxTraps() {
        TrapStore store = new TrapStore(250, DAY, clock);
        Category[] categories = Category.values();
        int total = 1_000_000;
        List<Trap> batch = new ArrayList<>(1000);
        for (int i = 0; i < total; i++) {
            batch.add(trap("t" + i, categories[i % categories.length], "fs" + (i % 7)));
            if (batch.size() == 1000) {
                store.addAll(batch);
                batch.clear();
            }
        }
        store.addAll(batch);

        assertEquals(250, store.size());
        TrapCounts counts = store.counts();
        assertEquals(total, counts.totalReceived());
        assertEquals(250, counts.stored());
        assertEquals(total - 250, counts.totalDropped());
        assertCountsAddUp(counts);
        List<StoredTrap> stored = store.since(0).traps();
        assertEquals(250, stored.size());
        assertTrue(stored.stream().allMatch(t -> t.trap().category() == Category.FATAL), "only Fatal traps left");
        assertEquals("t" + (total - 1), stored.get(249).trap().id());
    }

    // ---- concurrency ----

    /** What one reader saw; checked on the test thread. */
    private static final class ReaderLog {
        final BitSet seen = new BitSet();
        long maxSequence;
        long reads;
    }

    private static Trap indexed(int i) {
        return trap(Integer.toString(i), Category.CRITICAL);
    }

    /**
     * Runs one writer storing {@code total} traps in batches (advancing the clock every few batches) and
     * {@code readers} threads that keep passing back their timestamp; {@code check} validates each answer
     * on the reader thread and throws on a violation.
     */
    private List<ReaderLog> runReadersAndWriter(TrapStore store, int total, int batchSize, int readers,
                                                AnswerCheck check) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        try {
            CountDownLatch readersStarted = new CountDownLatch(readers);
            AtomicBoolean writerDone = new AtomicBoolean();
            List<Future<ReaderLog>> readerResults = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                readerResults.add(pool.submit(() -> {
                    ReaderLog log = new ReaderLog();
                    long since = 0;
                    boolean first = true;
                    while (true) {
                        boolean finished = writerDone.get();
                        TrapQuery q = store.since(since);
                        check.check(q, since, first, log);
                        for (StoredTrap t : q.traps()) {
                            log.seen.set(Integer.parseInt(t.trap().id()));
                            log.maxSequence = Math.max(log.maxSequence, t.sequence());
                        }
                        if (q.timestamp() < since) {
                            throw new AssertionError("timestamp went back: " + q.timestamp() + " < " + since);
                        }
                        since = q.timestamp();
                        log.reads++;
                        if (first) {
                            first = false;
                            readersStarted.countDown();
                        }
                        if (finished) {
                            return log;
                        }
                    }
                }));
            }
            Future<?> writer = pool.submit(() -> {
                assertTrue(readersStarted.await(10, TimeUnit.SECONDS), "readers started");
                List<Trap> batch = new ArrayList<>(batchSize);
                int batches = 0;
                for (int i = 0; i < total; i++) {
                    batch.add(indexed(i));
                    if (batch.size() == batchSize || i == total - 1) {
                        store.addAll(batch);
                        batch = new ArrayList<>(batchSize);
                        if (++batches % 3 == 0) {
                            clock.advance(1);
                        }
                    }
                }
                return null;
            });
            try {
                writer.get(30, TimeUnit.SECONDS);
            } finally {
                writerDone.set(true);
            }
            List<ReaderLog> logs = new ArrayList<>();
            for (Future<ReaderLog> f : readerResults) {
                logs.add(f.get(30, TimeUnit.SECONDS));
            }
            return logs;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            return fail("readers or writer did not finish in time", e);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "threads ended");
        }
    }

    @FunctionalInterface
    private interface AnswerCheck {
        void check(TrapQuery answer, long since, boolean first, ReaderLog log);
    }

    /** Within one answer: strictly increasing sequence numbers, all received at or after {@code since}. */
    private static void checkOrderedAndFiltered(TrapQuery q, long since) {
        long previous = Long.MIN_VALUE;
        for (StoredTrap t : q.traps()) {
            if (t.sequence() <= previous) {
                throw new AssertionError("sequence not increasing within one answer: " + t.sequence()
                        + " after " + previous);
            }
            if (t.receivedAt() < since) {
                throw new AssertionError("trap received at " + t.receivedAt() + " answered for since " + since);
            }
            if (t.receivedAt() > q.timestamp()) {
                throw new AssertionError("trap received at " + t.receivedAt() + " after the answer's timestamp "
                        + q.timestamp());
            }
            previous = t.sequence();
        }
    }

    @Test
    @Timeout(60)
    void readersPassingBackTheTimestampSeeEveryTrapWhileAWriterStores() throws Exception {
        int total = 200_000;
        // Larger than the total: nothing is evicted, so every trap stays present and every reader must see all.
        TrapStore store = new TrapStore(total + 1, DAY, clock);
        List<ReaderLog> logs = runReadersAndWriter(store, total, 1000, 4,
                (q, since, first, log) -> checkOrderedAndFiltered(q, since));

        assertEquals(total, store.size());
        for (ReaderLog log : logs) {
            assertEquals(total, log.seen.cardinality(), "a reader missed traps after " + log.reads + " reads");
            assertEquals(total, log.maxSequence);
        }
    }

    @Test
    @Timeout(60)
    void readersMissNothingThatWasStillStoredWhileAStormEvicts() throws Exception {
        int total = 200_000;
        int maxTraps = 1000;
        TrapStore store = new TrapStore(maxTraps, DAY, clock);
        // All traps are Critical, so the store always holds one contiguous run of sequence numbers [lo, hi]
        // and an answer is a suffix of it. A reader that has seen everything up to sequence m must next see
        // m + 1 onwards, unless m + 1 has been evicted, in which case the answer is the whole (full) store.
        List<ReaderLog> logs = runReadersAndWriter(store, total, 100, 4, (q, since, first, log) -> {
            checkOrderedAndFiltered(q, since);
            List<StoredTrap> traps = q.traps();
            for (int i = 0; i < traps.size(); i++) {
                StoredTrap t = traps.get(i);
                if (!t.trap().id().equals(Long.toString(t.sequence() - 1))) {
                    throw new AssertionError("trap " + t.trap().id() + " has sequence " + t.sequence());
                }
                if (i > 0 && t.sequence() != traps.get(i - 1).sequence() + 1) {
                    throw new AssertionError("gap inside one answer: " + traps.get(i - 1).sequence() + " then "
                            + t.sequence());
                }
            }
            if (!first && !traps.isEmpty() && traps.get(0).sequence() > log.maxSequence + 1
                    && traps.size() != maxTraps) {
                throw new AssertionError("missed sequences " + (log.maxSequence + 1) + " to "
                        + (traps.get(0).sequence() - 1) + " though they were not evicted (answer holds "
                        + traps.size() + " of " + maxTraps + ")");
            }
        });

        assertEquals(maxTraps, store.size());
        TrapCounts counts = store.counts();
        assertEquals(total, counts.totalReceived());
        assertEquals(total - maxTraps, counts.totalDropped());
        for (ReaderLog log : logs) {
            assertEquals(total, log.maxSequence, "the final read shows the newest trap");
            for (int i = total - maxTraps; i < total; i++) {
                assertTrue(log.seen.get(i), "trap " + i + " was never evicted but a reader missed it");
            }
        }
    }

    // ---- collector time: the start's wall time plus monotonic elapsed time ----

    /** Nanoseconds as a monotonic source gives them, moved by the test. */
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(123_456_789L);

    private TrapStore monotonicStore(Duration retention) {
        return new TrapStore(100, retention, clock, nanos::get);
    }

    private void elapse(long seconds) {
        nanos.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void aWallClockStepForwardNeitherExpiresTrapsNorMovesTimestamps() {
        TrapStore store = monotonicStore(Duration.ofHours(1));
        store.add(trap("a", Category.FATAL));
        elapse(10);
        clock.advance(DAY.toSeconds() * 2);
        store.expire();
        assertEquals(List.of("a"), ids(store.since(0)), "a step of the wall clock is not time passing");
        assertEquals(T0 + 10, store.since(0).timestamp());

        store.add(trap("b", Category.INFO));
        assertEquals(T0 + 10, store.lastTimestamp());
        elapse(3600);
        store.expire();
        assertEquals(List.of("b"), ids(store.since(0)), "an hour that passed does expire");
    }

    @Test
    void aWallClockStepBackwardLeavesTimeRunningFromWhereItWas() {
        TrapStore store = monotonicStore(DAY);
        elapse(5);
        clock.set(T0 - 3600);
        store.add(trap("a", Category.INFO));
        assertEquals(T0 + 5, store.lastTimestamp());
        elapse(1);
        assertEquals(T0 + 6, store.since(0).timestamp());
        clock.set(T0 + 6);
        assertEquals(T0 + 6, store.since(0).timestamp(), "correcting the wall clock changes nothing");
    }

    @Test
    void eachPublicationHasTheNextVersion() {
        TrapStore store = new TrapStore(2, Duration.ofSeconds(60), clock);
        long first = store.snapshot().version();
        store.add(trap("a", Category.INFO));
        assertEquals(first + 1, store.snapshot().version());
        store.addAll(List.of(trap("b", Category.INFO), trap("c", Category.INFO)));
        assertEquals(first + 2, store.snapshot().version());
        assertEquals(List.of("b", "c"), store.snapshot().traps().stream().map(t -> t.trap().id()).toList());
        store.expire();
        assertEquals(first + 2, store.snapshot().version(), "nothing expired: nothing published");
        clock.advance(61);
        store.expire();
        assertEquals(first + 3, store.snapshot().version());
        assertEquals(List.of(), store.snapshot().traps());
        assertThrows(UnsupportedOperationException.class, () -> store.since(0).snapshot().traps().add(null));
    }
}
