package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.collector.CollectorWiring;
import org.lustrecollector.collector.Sources;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.TestConfig;
import org.lustrecollector.outage.OutageDetector;
import org.lustrecollector.source.Source;
import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.TrapStore;

/**
 * {@code outagewindow = 0} turns outage grouping off: a router failure's console lines (import.c wording)
 * are stored as traps, one each, as with grouping on, but no summary is raised, no outages source is
 * configured and getOutages answers an empty array. The same lines with the default window make the
 * network outage, so the test would see grouping that is still on.
 */
class OutageGroupingOffTest {
    private static final Instant NOW = Instant.parse("2025-03-04T12:00:00Z");
    private static final int SERVERS = 12;

    @TempDir
    Path dir;

    private final InstantSource clock = InstantSource.fixed(NOW);

    /** ISO lines as rsyslog writes them: each server's OST lost within one second, 30 min ago. */
    private Path kernelLog() throws IOException {
        List<String> lines = new ArrayList<>();
        String stamp = NOW.minusSeconds(1800).toString().replace("Z", ".000000+00:00");
        for (int s = 0; s < SERVERS; s++) {
            String ost = String.format("lustre-OST%04x", s);
            lines.add(stamp + " mds1 kernel: Lustre: " + ost + "-osc-MDT0000: Connection to " + ost + " (at 10.3.0."
                    + (s + 1) + "@o2ib3) was lost; in progress operations using this service will wait for recovery"
                    + " to complete");
        }
        Path file = dir.resolve("kern.log");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private record Run(TrapStore store, OutageDetector detector, Sources sources) {
        List<String> messages() {
            return store.snapshot().traps().stream().map(StoredTrap::trap).map(t -> t.message()).toList();
        }
    }

    private Run read(String window) throws IOException {
        CollectorConfig config = TestConfig.of("kernellog", kernelLog().toString(), "outagewindow", window,
                "trapfile", dir.resolve("traps").toString(), "lustreroot", dir.resolve("lustre").toString());
        CollectorWiring wiring = new CollectorWiring();
        TrapStore store = new TrapStore(1000, Duration.ofDays(1), clock);
        OutageDetector detector = wiring.outageDetector(config, store, clock);
        Sources sources = wiring.sources(config, store, wiring.lustreState(config, detector, clock), detector, clock);
        for (Source source : sources.all()) {
            source.open();
            source.read();
            source.close();
        }
        return new Run(store, detector, sources);
    }

    private static List<String> names(Sources sources) {
        return sources.all().stream().map(Source::name).toList();
    }

    @Test
    void withTheDefaultWindowTheSameLinesMakeOneNetworkOutage() throws IOException {
        Run on = read("10s");
        assertEquals(1, new OutageRpc(on.detector()).getOutages().length);
        assertEquals(SERVERS + 1, on.store().size(), "the lines' traps and the summary");
        assertEquals(List.of("trapfile", "kernellog", "outages", "lustre"), names(on.sources()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s"})
    void outageWindowZeroStoresTheLinesTrapsAndGroupsNothing(String window) throws IOException {
        Run off = read(window);
        assertArrayEquals(new Object[0], new OutageRpc(off.detector()).getOutages());
        assertEquals(SERVERS, off.store().size(), "one trap per console line, no summary: " + off.messages());
        assertEquals(SERVERS, off.messages().stream().filter(m -> m.contains(": Connection to ") && m.contains(") was lost;")).count());
        assertEquals(List.of("trapfile", "kernellog", "lustre"), names(off.sources()), "no outages source");
    }
}
