package org.lustrecollector.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    /** A clock the test moves by hand. */
    static final class ManualClock implements InstantSource {
        final AtomicLong millis;

        ManualClock(long startMillis) {
            millis = new AtomicLong(startMillis);
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String SUPPRESSED = "similar messages suppressed";

    private final RecordingLogHandler handler = new RecordingLogHandler();
    private Logger logger;

    @BeforeEach
    void setUp() {
        logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void tearDown() {
        logger.removeHandler(handler);
    }

    @Test
    void letsABurstThroughThenSuppresses() {
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 3, WINDOW, clock);
        assertTrue(log.log(Level.WARNING, "m1"));
        assertTrue(log.log(Level.WARNING, "m2"));
        assertTrue(log.log(Level.WARNING, "m3"));
        assertFalse(log.log(Level.WARNING, "m4"));
        assertFalse(log.log(Level.WARNING, "m5"));
        assertEquals(List.of("m1", "m2", "m3"), handler.messages());
        assertEquals(2, log.suppressed());
        assertTrue(handler.records.stream().allMatch(r -> r.getLevel() == Level.WARNING));
    }

    @Test
    void nextWindowLetsABurstThroughAgainAndSaysHowManyWereSuppressed() {
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 2, WINDOW, clock);
        log.log(Level.WARNING, "a");
        log.log(Level.WARNING, "b");
        for (int i = 0; i < 7; i++) {
            assertFalse(log.log(Level.WARNING, "dropped " + i));
        }
        clock.advance(WINDOW.minusMillis(1));
        assertFalse(log.log(Level.WARNING, "still the same window"));
        assertEquals(8, log.suppressed());

        clock.advance(Duration.ofMillis(1));
        assertTrue(log.log(Level.SEVERE, "next"));
        assertEquals(0, log.suppressed(), "the count was reported and starts over");
        assertTrue(log.log(Level.WARNING, "after"));
        assertFalse(log.log(Level.WARNING, "over the burst again"));

        List<String> messages = handler.messages();
        assertEquals(List.of("a", "b", "next (8 " + SUPPRESSED + " before this one)", "after"), messages);
        assertEquals(Level.SEVERE, handler.records.get(2).getLevel());
        assertEquals(1, log.suppressed());
    }

    @Test
    void aQuietWindowLogsWithoutMentioningSuppression() {
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 1, WINDOW, clock);
        for (int i = 0; i < 5; i++) {
            assertTrue(log.log(Level.INFO, "tick " + i));
            clock.advance(WINDOW);
        }
        assertEquals(5, handler.size());
        assertTrue(handler.messages().stream().noneMatch(m -> m.contains(SUPPRESSED)), handler.messages()::toString);
    }

    @Test
    void windowsRollOverWhateverTheClocksStartingValue() {
        for (long start : new long[] {0L, 1L, 1_795_760_000_000L, -5_000L}) {
            RecordingLogHandler h = new RecordingLogHandler();
            Logger l = Logger.getAnonymousLogger();
            l.setUseParentHandlers(false);
            l.addHandler(h);
            ManualClock clock = new ManualClock(start);
            RateLimitedLog log = new RateLimitedLog(l, 1, WINDOW, clock);
            assertTrue(log.log(Level.WARNING, "first"), "start " + start);
            assertFalse(log.log(Level.WARNING, "second"), "start " + start);
            clock.advance(WINDOW);
            assertTrue(log.log(Level.WARNING, "third"), "a new window after one window, start " + start);
            assertEquals(List.of("first", "third (1 " + SUPPRESSED + " before this one)"), h.messages(),
                    "start " + start);
        }
    }

    @Test
    void aClockSetBackOpensANewWindowInsteadOfSilencingTheLog() {
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 1, WINDOW, clock);
        assertTrue(log.log(Level.WARNING, "before"));
        assertFalse(log.log(Level.WARNING, "suppressed"));
        clock.advance(Duration.ofHours(-1));
        assertTrue(log.log(Level.WARNING, "after the clock was set back"));
        assertFalse(log.log(Level.WARNING, "the new window's burst is spent"));
        assertEquals(List.of("before", "after the clock was set back (1 " + SUPPRESSED + " before this one)"),
                handler.messages());
    }

    @Test
    void theRecordNamesTheCallerNotTheHelperAsItsSource() {
        Logger named = Logger.getLogger("org.lustrecollector.test.named");
        RecordingLogHandler h = new RecordingLogHandler();
        named.setUseParentHandlers(false);
        named.addHandler(h);
        try {
            new RateLimitedLog(named, 5, WINDOW, new ManualClock(0)).log(Level.WARNING, "hello");
            assertEquals(1, h.size());
            assertEquals(named.getName(), h.records.get(0).getLoggerName());
            assertEquals(RateLimitedLogTest.class.getName(), h.records.get(0).getSourceClassName());
            assertEquals("theRecordNamesTheCallerNotTheHelperAsItsSource", h.records.get(0).getSourceMethodName());
        } finally {
            named.removeHandler(h);
        }
    }

    @Test
    void levelsTheLoggerDropsAreNeitherLoggedNorCounted() {
        logger.setLevel(Level.WARNING);
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 2, WINDOW, clock);
        for (int i = 0; i < 10; i++) {
            assertFalse(log.log(Level.FINE, "debug " + i));
        }
        assertEquals(0, log.suppressed());
        assertEquals(0, handler.size());
        assertTrue(log.log(Level.WARNING, "w1"), "FINE messages did not use up the burst");
        assertTrue(log.log(Level.WARNING, "w2"));
        assertEquals(List.of("w1", "w2"), handler.messages());
    }

    @Test
    void perMinuteUsesTheOwnersLogger() {
        Logger owner = Logger.getLogger(RateLimitedLogTest.class.getName());
        RecordingLogHandler h = new RecordingLogHandler();
        boolean savedUseParent = owner.getUseParentHandlers();
        owner.setUseParentHandlers(false);
        owner.addHandler(h);
        try {
            RateLimitedLog log = RateLimitedLog.perMinute(RateLimitedLogTest.class, 2);
            assertTrue(log.log(Level.WARNING, "x"));
            assertTrue(log.log(Level.WARNING, "y"));
            assertFalse(log.log(Level.WARNING, "z"));
            assertEquals(List.of("x", "y"), h.messages());
            assertEquals(1, log.suppressed());
        } finally {
            owner.removeHandler(h);
            owner.setUseParentHandlers(savedUseParent);
        }
    }

    @Test
    void concurrentCallersNeverExceedTheBurstAndEveryCallIsAccountedFor() throws Exception {
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 10, WINDOW, clock);
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int logged = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (log.log(Level.WARNING, "flood")) {
                            logged++;
                        }
                    }
                    return logged;
                }));
            }
            start.countDown();
            int logged = 0;
            for (Future<Integer> f : results) {
                logged += f.get(10, TimeUnit.SECONDS);
            }
            assertEquals(10, logged);
            assertEquals(10, handler.size());
            assertEquals((long) threads * perThread - 10, log.suppressed());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bytesPerWindowAreBoundedAsWellAsMessages() {
        ManualClock clock = new ManualClock(1_795_760_000_000L);
        RateLimitedLog log = new RateLimitedLog(logger, 100, 250, WINDOW, clock);
        String hundred = "m".repeat(100);
        assertTrue(log.log(Level.WARNING, hundred));
        assertTrue(log.log(Level.WARNING, hundred));
        assertFalse(log.log(Level.WARNING, hundred), "a third would pass 250 bytes");
        assertEquals(1, log.suppressed());
        assertTrue(log.log(Level.WARNING, "short"), "what still fits is let through");
        assertEquals("short (1 " + SUPPRESSED + " before this one)", handler.messages().get(2));
        assertFalse(log.log(Level.WARNING, hundred));
        clock.advance(WINDOW);
        assertTrue(log.log(Level.WARNING, hundred), "a new window has its bytes again");
        assertEquals(4, handler.size());
    }

    @Test
    void bytesAreCountedAsUtf8() {
        ManualClock clock = new ManualClock(0);
        RateLimitedLog log = new RateLimitedLog(logger, 100, 12, WINDOW, clock);
        assertTrue(log.log(Level.WARNING, "\u00e9\u00e9\u00e9"), "6 bytes");
        assertTrue(log.log(Level.WARNING, "\uD83D\uDE80"), "4 bytes");
        assertFalse(log.log(Level.WARNING, "\u4e2d"), "3 more would be 13");
        assertTrue(log.log(Level.WARNING, "ok"));
    }

    @Test
    void aHugeMessageIsCutToABoundedLine() {
        ManualClock clock = new ManualClock(0);
        RateLimitedLog log = new RateLimitedLog(logger, 10, WINDOW, clock);
        assertTrue(log.log(Level.WARNING, "Refused XML-RPC call: " + "n".repeat(1 << 20)));
        String logged = handler.messages().get(0);
        assertTrue(logged.length() < RateLimitedLog.MAX_MESSAGE_CHARS + 100, "a line of " + logged.length());
        assertTrue(logged.startsWith("Refused XML-RPC call: nnn"), logged.substring(0, 40));
        assertTrue(logged.endsWith("more characters)"), logged.substring(logged.length() - 40));
    }
}
