package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.kernellog.KernelLogLineParser.Entry;

class KernelLogLineParserTest {
    private static final Instant BOOT = Instant.parse("2024-11-27T00:00:00Z");
    private static final String LOST = "Lustre: lustre-OST0003-osc-MDT0000: Connection to lustre-OST0003 (at 10.0.0.13@o2ib) "
            + "was lost; in progress operations using this service will wait for recovery to complete";

    private final KernelLogLineParser parser = new KernelLogLineParser(new LogTimestamps(Optional.of(new BootTime(BOOT)),
            ZoneOffset.UTC, InstantSource.fixed(Instant.parse("2024-11-28T00:00:00Z"))), "thishost");

    private static long epoch(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void dmesgLinesAreOfThisHost() {
        assertEquals(new Entry("thishost", BOOT.getEpochSecond() + 8213, LOST), parser.parse("[ 8213.402140] " + LOST));
        assertEquals(new Entry("thishost", BOOT.getEpochSecond() + 15, "LNet: HW NUMA nodes: 2"),
                parser.parse("[   15.203117] LNet: HW NUMA nodes: 2"));
    }

    @Test
    void dmesgHumanReadableStampsAreOfThisHostInLocalTime() {
        assertEquals(new Entry("thishost", epoch("2023-10-06T11:33:01Z"), LOST), parser.parse("[Fri Oct  6 11:33:01 2023] " + LOST));
        assertInstanceOf(KernelLogLineParser.Unparsable.class, parser.parse("[Fri Oct  6 11:33:01] " + LOST));
    }

    @Test
    void journalctlShortMonotonicNamesTheHost() {
        assertEquals(new Entry("mds1", BOOT.getEpochSecond() + 8213, LOST),
                parser.parse("[ 8213.402140] mds1 kernel: " + LOST));
    }

    @Test
    void traditionalSyslogAndShortPrecise() {
        Entry expected = new Entry("mds2", epoch("2024-11-27T04:25:04Z"), LOST);
        assertEquals(expected, parser.parse("Nov 27 04:25:04 mds2 kernel: " + LOST));
        assertEquals(expected, parser.parse("Nov 27 04:25:04.123456 mds2 kernel: " + LOST));
    }

    @Test
    void syslogDropsTheKernelsOwnStamp() {
        assertEquals(new Entry("oss1", epoch("2024-11-27T04:25:04Z"), LOST),
                parser.parse("Nov 27 04:25:04 oss1 kernel: [ 8213.402140] " + LOST));
    }

    @Test
    void isoAndRfc5424() {
        Entry expected = new Entry("mds1", epoch("2024-11-27T03:25:04Z"), LOST);
        assertEquals(expected, parser.parse("2024-11-27T04:25:04+0100 mds1 kernel: " + LOST));
        assertEquals(expected, parser.parse("2024-11-27T04:25:04.412633+01:00 mds1 kernel: " + LOST));
        assertEquals(expected, parser.parse("<6>1 2024-11-27T03:25:04.412633Z mds1 kernel - - - " + LOST));
        assertEquals(expected, parser.parse("1 2024-11-27T03:25:04Z mds1 kernel - - - \uFEFF" + LOST));
        assertEquals(expected, parser.parse(
                "<6>1 2024-11-27T03:25:04Z mds1 kernel - - [meta sequenceId=\"1\"][x@1 a=\"b\\]c\"] " + LOST));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Nov 27 04:25:04 mds2 systemd[1]: Started Lustre target.",
        "<30>1 2024-11-27T03:26:03Z mds1 systemd 1 - - Started Lustre target lustre-OST0002.",
        "",
        "   ",
        "-- Boot 3c1d5b9c1e2a4bd6a0d3c2e1f0a9b8c7 --",
    })
    void otherProgramsAndBannersAreIgnored(String line) {
        assertEquals(KernelLogLineParser.Ignored.LINE, parser.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Lustre: lustre-OST0003-osc-MDT0000: Connection restored",
        "[abc] Lustre: x",
        "[ 8213.402140 Lustre: x",
        "Foo 27 04:25:04 mds2 kernel: Lustre: x",
        "Nov 27 04:25:04 mds2",
        "2024-11-27X04:25:04 mds1 kernel: Lustre: x",
        "<6>1 2024-11-27T03:25:04Z mds1 kernel - - [open " + "Lustre: x",
        "<6>2 2024-11-27T03:25:04Z mds1 kernel - - - Lustre: x",
        "<6>1 2024-11-27T03:25:04Z mds1",
        "\tindented",
    })
    void linesInNoKnownFormAreUnparsable(String line) {
        assertInstanceOf(KernelLogLineParser.Unparsable.class, parser.parse(line));
    }
}
