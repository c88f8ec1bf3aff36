package org.lustrecollector.monitor.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The web view's trap log: numbering, slices after a number, what is no longer held, counts per minute. */
class TrapLogTest {
    private static final Instant START = Instant.parse("2026-11-27T06:00:30Z");

    private static TrapLog log(int capacity, Clock clock) {
        return new TrapLog(capacity, clock);
    }

    private static void add(TrapLog log, String id, int category, String fs) {
        log.add(id, 100, category, fs, fs + "-OST0000", "m " + id, "http://mds1/");
    }

    @Test
    void slicesAfterANumberAndSayWhatIsNoLongerHeld() {
        TrapLog log = log(4, Clock.fixed(START, ZoneOffset.UTC));
        for (int i = 1; i <= 6; i++) {
            add(log, "t" + i, 0, "lustre");
        }
        assertEquals(7, log.next());
        TrapLog.Slice all = log.after(0, 100);
        assertEquals(List.of("t3", "t4", "t5", "t6"), all.traps().stream().map(WebTrap::id).toList());
        assertEquals(2, all.missed(), "t1 and t2 are gone");
        assertEquals(7, all.next());
        assertEquals(List.of("t5", "t6"), log.after(5, 100).traps().stream().map(WebTrap::id).toList());
        assertEquals(0, log.after(5, 100).missed());
        TrapLog.Slice newest = log.after(3, 2);
        assertEquals(List.of("t5", "t6"), newest.traps().stream().map(WebTrap::id).toList(), "the newest within the limit");
        assertEquals(2, newest.missed());
        assertEquals(List.of(), log.after(7, 100).traps());
        assertEquals(0, log.after(99, 100).missed());
    }

    @Test
    void countsPerMinuteBySeverityEndWithTheCurrentMinuteAndForgetOldOnes() {
        MovableClock clock = new MovableClock(START);
        TrapLog log = log(100, clock);
        add(log, "a", 1, "lustre");
        add(log, "b", 1, "lustre");
        clock.advance(Duration.ofMinutes(2));
        add(log, "c", 3, "lustre");
        long[][] minutes = log.perMinute();
        assertEquals(TrapLog.MINUTES, minutes.length);
        assertEquals(1, minutes[TrapLog.MINUTES - 1][3]);
        assertEquals(2, minutes[TrapLog.MINUTES - 3][1]);
        assertEquals(0, minutes[TrapLog.MINUTES - 2][1]);
        assertEquals(START.plus(Duration.ofMinutes(2)).getEpochSecond(), log.lastSevere("lustre", 3));
        assertEquals(0, log.lastSevere("lustre", 2));
        clock.advance(Duration.ofMinutes(TrapLog.MINUTES));
        long[][] later = log.perMinute();
        long sum = 0;
        for (long[] m : later) {
            for (long n : m) {
                sum += n;
            }
        }
        assertEquals(0, sum, "six hours later the counts are gone");
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
