package org.lustrecollector.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.TestConfig;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.outage.Outage;
import org.lustrecollector.outage.OutageDetector;
import org.lustrecollector.outage.OutageKind;
import org.lustrecollector.source.Source;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapStore;

/**
 * The collector's wiring (CollectorWiring, Sources) on a fixture tree in Lustre's formats and a kernel log:
 * an OSS whose 8 OSTs behind one NID stop responding is one server outage whether the Lustre state's reads
 * (prealloc_status -19, the NID from ost_conn_uuid), the console lines
 * (lustre/ptlrpc/import.c ptlrpc_set_import_discon(), v2_15_0) or both report them.
 */
class OutagesFromStateReadsTest {
    private static final String OSS_A = "10.0.3.17@o2ib";
    private static final String OSS_B = "10.0.3.18@o2ib";

    @TempDir
    Path dir;

    private final MutableInstantSource clock = new MutableInstantSource(1_800_000_000L);
    private LustreTreeWriter tree;
    private Path kernelLog;
    private TrapStore store;
    private OutageDetector outages;
    private Sources sources;

    @AfterEach
    void close() {
        if (sources != null) {
            sources.all().forEach(Source::close);
        }
    }

    /** OST0000-0007 on OSS A, OST0008-000b on OSS B; the collector wired as CDI wires it, every source read once. */
    private void start() throws IOException {
        tree = LustreTreeWriter.at(dir.resolve("root"), TreeLayout.V2_15).withDebugfs(false).fileSystem("lustre", 12);
        for (int i = 0; i < 12; i++) {
            tree.nids(ost(i), i < 8 ? OSS_A : OSS_B, i < 8 ? OSS_B : OSS_A);
        }
        tree.write();
        kernelLog = Files.createFile(dir.resolve("kern.log"));
        CollectorConfig config = TestConfig.of("lustreroot", tree.root().toString(), "kernellog", kernelLog.toString(),
                "trapfile", dir.resolve("traps").toString());
        CollectorWiring wiring = new CollectorWiring();
        store = new TrapStore(config.maxTraps(), config.retention(), clock);
        outages = wiring.outageDetector(config, store, clock);
        sources = wiring.sources(config, store, wiring.lustreState(config, outages, clock), outages, clock);
        sources.all().forEach(Source::open);
        readAll();
    }

    /** One turn of the collector: every source read, in the configured order. */
    private void readAll() {
        sources.all().forEach(Source::read);
    }

    private static String ost(int index) {
        return LustreTreeWriter.ostName("lustre", index);
    }

    private void conditions(int from, int to, NodeCondition c) throws IOException {
        for (int i = from; i < to; i++) {
            tree.condition(ost(i), c);
        }
    }

    /** Console lines as rsyslog writes them, stamped with the clock's time. */
    private void console(int from, int to, String nid, boolean lost) throws IOException {
        String iso = Instant.ofEpochSecond(clock.second()).toString();
        String stamp = iso.substring(0, iso.length() - 1) + ".000000+00:00";
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append(stamp).append(" mds1 kernel: Lustre: ").append(ost(i)).append("-osc-MDT0000: ")
                    .append(lost ? "Connection to " + ost(i) + " (at " + nid + ") was lost; in progress operations "
                            + "using this service will wait for recovery to complete"
                            : "Connection restored to " + nid + " (at " + nid + ")")
                    .append('\n');
        }
        Files.writeString(kernelLog, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private List<Trap> traps(String event) {
        return store.since(0).traps().stream().map(StoredTrap::trap).filter(t -> t.id().contains(":" + event + ":"))
                .toList();
    }

    @Test
    void anOssWhoseOstsTheStateReadsSeeGoIsOneServerOutage() throws IOException {
        start();
        conditions(0, 8, NodeCondition.DISCONNECTED);
        clock.advance(5);
        readAll();
        long lost = clock.second();
        assertEquals(8, traps("down").size(), "each OST's own trap, as before");
        clock.advance(11);
        readAll();

        List<Trap> summaries = traps("server-outage");
        assertEquals(1, summaries.size(), summaries.toString());
        assertEquals(Category.CRITICAL, summaries.get(0).category());
        assertEquals(OSS_A, summaries.get(0).node());
        assertEquals(List.of(new Outage(OutageKind.SERVER, OSS_A, 8, 1, List.of("lustre"), lost, -1,
                List.of(ost(0), ost(1), ost(2), ost(3), ost(4)))), outages.outages());

        conditions(0, 8, NodeCondition.FULL);
        clock.advance(5);
        readAll();
        assertEquals(1, traps("server-outage-over").size());
        assertEquals(Category.INFO, traps("server-outage-over").get(0).category());
        Outage over = outages.outages().get(0);
        assertFalse(over.active());
        assertEquals(clock.second(), over.ended());
    }

    @Test
    void consoleLinesAndStateReadsOfTheSameOstsCountEachOstOnce() throws IOException {
        start();
        // OSS B: the console lines come first, then the read. OSS A: the read first, then the lines.
        console(8, 12, OSS_B, true);
        conditions(0, 12, NodeCondition.DISCONNECTED);
        clock.advance(1);
        readAll();
        console(0, 8, OSS_A, true);
        clock.advance(1);
        readAll();
        clock.advance(11);
        readAll();

        assertEquals(2, traps("server-outage").size(), traps("server-outage").toString());
        List<Outage> both = outages.outages();
        assertEquals(List.of(OSS_B + " 4", OSS_A + " 8"), both.stream().map(o -> o.key() + " " + o.targets()).toList(),
                "in the order they formed: " + both);
        assertTrue(both.stream().allMatch(o -> o.kind() == OutageKind.SERVER && o.servers() == 1 && o.active()));

        // A's console says it is back; B's targets are seen back by the read alone.
        console(0, 8, OSS_A, false);
        conditions(0, 12, NodeCondition.FULL);
        clock.advance(5);
        readAll();
        assertEquals(2, traps("server-outage-over").size(), traps("server-outage-over").toString());
        assertTrue(outages.outages().stream().noneMatch(Outage::active), outages.outages().toString());
    }
}
