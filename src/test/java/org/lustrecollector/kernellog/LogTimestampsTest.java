package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogTimestampsTest {
    private static final Instant BOOT = Instant.parse("2024-11-27T00:00:00Z");

    private static LogTimestamps at(String now, ZoneId zone) {
        return new LogTimestamps(Optional.of(new BootTime(BOOT)), zone, InstantSource.fixed(Instant.parse(now)));
    }

    private static long epoch(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void dmesgSecondsCountFromTheBootTime() {
        LogTimestamps t = at("2024-11-28T00:00:00Z", ZoneOffset.UTC);
        assertEquals(BOOT.getEpochSecond() + 8213, t.dmesg("8213.402140"));
        assertEquals(BOOT.getEpochSecond(), t.dmesg("0.000000"));
        // The fractions of the seconds since boot carry over into whole seconds of the wall clock.
        LogTimestamps halfPast = new LogTimestamps(Optional.of(new BootTime(BOOT.plusMillis(500))), ZoneOffset.UTC,
                InstantSource.fixed(BOOT));
        assertEquals(BOOT.getEpochSecond() + 11, halfPast.dmesg("10.600000"));
        assertEquals(BOOT.getEpochSecond() + 10, halfPast.dmesg("10.4"));
    }

    @Test
    void withoutABootTimeDmesgLinesGetTheReadingTime() {
        Instant now = Instant.parse("2024-11-28T10:00:00Z");
        LogTimestamps t = new LogTimestamps(Optional.empty(), ZoneOffset.UTC, InstantSource.fixed(now));
        assertEquals(now.getEpochSecond(), t.dmesg("8213.402140"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12", ".5", "12.", "1a.5", "12.3.4", "-1.0", "1.1234567890"})
    void badDmesgStamps(String stamp) {
        assertEquals(-1, at("2024-11-28T00:00:00Z", ZoneOffset.UTC).dmesg(stamp));
    }

    @Test
    void syslogStampsAreLocalTimeOfThisYear() {
        LogTimestamps t = at("2025-03-04T12:00:00Z", ZoneId.of("Europe/Berlin"));
        assertEquals(epoch("2025-03-03T01:14:51Z"), t.syslog("Mar  3 02:14:51"));
        assertEquals(epoch("2025-02-13T01:14:51Z"), t.syslog("Feb 13 02:14:51"));
        assertEquals(epoch("2025-03-03T01:14:51Z"), t.syslog("Mar  3 02:14:51.123456"));
    }

    @Test
    void aSyslogStampMoreThanADayAheadIsFromLastYear() {
        LogTimestamps newYear = at("2025-01-01T00:30:00Z", ZoneOffset.UTC);
        assertEquals(epoch("2024-12-31T23:59:59Z"), newYear.syslog("Dec 31 23:59:59"));
        // Within a day ahead (a clock a little fast on the writing side) stays this year.
        assertEquals(epoch("2025-01-01T12:00:00Z"), newYear.syslog("Jan  1 12:00:00"));
        assertEquals(epoch("2024-01-02T12:00:00Z"), newYear.syslog("Jan  2 12:00:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Foo  3 02:14:51", "Mar 32 02:14:51", "Apr 31 02:14:51", "Mar  3 25:14:51",
        "Mar  3 02:14", "Mar  3 02:14:51x", "Mar  3 02:14:51.", "Mar 3  02:14:51"})
    void badSyslogStamps(String stamp) {
        assertEquals(-1, at("2025-03-04T12:00:00Z", ZoneOffset.UTC).syslog(stamp));
    }

    /** util-linux dmesg -T: ctime()'s layout, this machine's local time, the year written out. */
    @Test
    void dmesgHumanStampsAreLocalTimeWithTheirYear() {
        LogTimestamps t = at("2025-03-04T12:00:00Z", ZoneId.of("Europe/Berlin"));
        assertEquals(epoch("2023-10-06T09:33:01Z"), t.dmesgLocal("Fri Oct  6 11:33:01 2023"));
        assertEquals(epoch("2023-12-16T08:05:44Z"), t.dmesgLocal("Sat Dec 16 09:05:44 2023"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Fri Oct  6 11:33:01", "Fri Oct  6 11:33:01 23", "Xyz Oct  6 11:33:01 2023",
        "Fri Oct 32 11:33:01 2023", "Fri Feb 29 11:33:01 2023", "Fri Oct  6 11:33 2023", "Fri Oct 6 11:33:01 2023"})
    void badDmesgHumanStamps(String stamp) {
        assertEquals(-1, at("2025-03-04T12:00:00Z", ZoneOffset.UTC).dmesgLocal(stamp));
    }

    @Test
    void isoStampsWithAndWithoutOffsets() {
        LogTimestamps t = at("2025-03-04T12:00:00Z", ZoneId.of("Europe/Berlin"));
        assertEquals(epoch("2024-11-27T03:25:04Z"), t.iso("2024-11-27T04:25:04+0100"));
        assertEquals(epoch("2024-11-27T03:25:04Z"), t.iso("2024-11-27T04:25:04.412633+01:00"));
        assertEquals(epoch("2024-11-27T03:25:04Z"), t.iso("2024-11-27T03:25:04.5Z"));
        assertEquals(epoch("2024-11-27T03:25:04Z"), t.iso("2024-11-27T04:25:04"));
        assertEquals(-1, t.iso("2024-11-27 04:25:04"));
        assertEquals(-1, t.iso("2024-13-27T04:25:04Z"));
    }

    /** A burst's stamps share their second and differ in the fraction; the offset and the seconds still count. */
    @Test
    void stampsOfOneSecondGiveItWhateverTheirFractionOrOrder() {
        LogTimestamps t = at("2025-03-04T12:00:00Z", ZoneId.of("Europe/Berlin"));
        long second = epoch("2024-11-27T03:25:04Z");
        assertEquals(second, t.iso("2024-11-27T04:25:04.000012+01:00"));
        assertEquals(second, t.iso("2024-11-27T04:25:04.999999+01:00"));
        assertEquals(second, t.iso("2024-11-27T04:25:04+01:00"));
        assertEquals(second - 3600, t.iso("2024-11-27T04:25:04.5+02:00"), "another offset");
        assertEquals(second + 1, t.iso("2024-11-27T04:25:05.000001+01:00"), "the next second");
        assertEquals(second + 1 - 3600, t.iso("2024-11-27T04:25:05.000002+02:00"));
        assertEquals(-1, t.iso("2024-11-27T04:25:05.0000x2+02:00"), "not a fraction");
        assertEquals(second + 1 - 3600, t.iso("2024-11-27T04:25:05.7+02:00"));
        assertEquals(second, t.iso("2024-11-27T04:25:04"), "no offset: this host's zone");
        assertTrue(LogTimestamps.sameSecond("2024-11-27T04:25:04.1Z", "2024-11-27T04:25:04.123456Z"));
        assertFalse(LogTimestamps.sameSecond("2024-11-27T04:25:04.1Z", "2024-11-27T04:25:04.1+00:00"));
        assertFalse(LogTimestamps.sameSecond("2024-11-27", "2024-11-27"));
    }
}
