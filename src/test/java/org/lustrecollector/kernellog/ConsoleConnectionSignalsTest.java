package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.trap.TrapStore;

/**
 * Each console line that reports a lost or restored connection (lustre/ptlrpc/import.c v2_15_0, v2_16_0) is
 * also signalled, with its target and time, for the Lustre state to show at once; other lines are not.
 */
class ConsoleConnectionSignalsTest {
    @TempDir
    Path dir;

    @Test
    void lostAndRestoredConnectionsAreSignalledWithTheirTargetAndTime() throws IOException {
        Path file = dir.resolve("kern.log");
        Files.writeString(file, String.join("\n",
                "2025-03-04T11:59:01.000000+00:00 mds1 kernel: Lustre: lustre-OST0003-osc-MDT0000: Connection to "
                        + "lustre-OST0003 (at 10.0.0.13@o2ib) was lost; in progress operations using this service "
                        + "will wait for recovery to complete",
                "2025-03-04T11:59:02.000000+00:00 mds1 kernel: Lustre: lustre-MDT0001-osp-MDT0000: Connection to "
                        + "lustre-MDT0001 (at 10.0.0.2@o2ib) was lost; in progress operations using this service "
                        + "will wait for recovery to complete",
                "2025-03-04T11:59:03.000000+00:00 mds1 kernel: Lustre: lustre-MDT0000: Imperative Recovery not "
                        + "enabled, recovery window 300-900",
                "2025-03-04T11:59:30.000000+00:00 mds1 kernel: Lustre: lustre-OST0003-osc-MDT0000: Connection "
                        + "restored to 10.0.0.13@o2ib (at 10.0.0.13@o2ib)",
                ""), StandardCharsets.UTF_8);
        List<String> signals = new ArrayList<>();
        ConnectionSignals recorder = new ConnectionSignals() {
            @Override
            public void connectionLost(String target, long when) {
                signals.add("lost " + target + " " + when);
            }

            @Override
            public void connectionRestored(String target, long when) {
                signals.add("restored " + target + " " + when);
            }
        };
        InstantSource clock = InstantSource.fixed(KernelLogFixture.NOW);
        TrapStore store = new TrapStore(100, Duration.ofDays(1), clock);
        try (KernelLogSource source = new KernelLogSource(file, store, recorder,
                Optional.of(new BootTime(KernelLogFixture.BOOT)), "mds1", ZoneOffset.UTC, clock)) {
            source.open();
            source.read();
        }
        long lostAt = KernelLogFixture.NOW.getEpochSecond() - 59;
        assertEquals(List.of("lost lustre-OST0003 " + lostAt, "lost lustre-MDT0001 " + (lostAt + 1),
                "restored lustre-OST0003 " + (lostAt + 29)), signals);
        assertEquals(3, store.size(), "each is a trap as well");
    }
}
