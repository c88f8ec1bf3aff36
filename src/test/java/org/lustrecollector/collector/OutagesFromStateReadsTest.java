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
        wire();
    }

    /** {@link #ROUTED_SERVERS} OSS pairs of LNet network o2ib1, {@link #OSTS_PER_SERVER} OSTs each. */
    private void startRouted() throws IOException {
        tree = LustreTreeWriter.at(dir.resolve("root"), TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("lustre", ROUTED_SERVERS * OSTS_PER_SERVER);
        for (int i = 0; i < ROUTED_SERVERS * OSTS_PER_SERVER; i++) {
            tree.nids(ost(i), routedNid(i / OSTS_PER_SERVER), routedNid(i / OSTS_PER_SERVER ^ 1));
        }
        wire();
    }

    private static final int ROUTED_SERVERS = 200;
    private static final int OSTS_PER_SERVER = 5;

    private static String routedNid(int server) {
        return "10.2." + server / 200 + "." + (server % 200 + 1) + "@o2ib1";
    }

    private void wire() throws IOException {
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

    /**
     * A router failure as an MDS sees it: all 1,000 OSTs of 200 servers behind it stop responding within a
     * second, and the console shows only what libcfs's rate limit lets through (LCONSOLE_WARN is
     * CDEBUG_LIMIT, libcfs/include/libcfs/libcfs_debug.h v2_15_0: the first message, the next one half a
     * second later, then "Skipped N previous similar messages" after it, libcfs/libcfs/tracefile.c
     * libcfs_debug_msg() v2_15_0). The fast round's prealloc_status reads find the rest, each OST not yet
     * read in full counted as lost since the fast round saw it connected. One network outage, no server
     * outage of its own.
     */
    @Test
    void aRouterFailureWithARateLimitedConsoleIsOneNetworkOutage() throws IOException {
        startRouted();
        int osts = ROUTED_SERVERS * OSTS_PER_SERVER;
        List<String> all = java.util.stream.IntStream.range(0, osts).mapToObj(OutagesFromStateReadsTest::ost).toList();
        tree.condition(all, NodeCondition.DISCONNECTED);
        String iso = Instant.ofEpochSecond(clock.second()).toString();
        String stamp = iso.substring(0, iso.length() - 1);
        String lost = " mds1 kernel: Lustre: %s-osc-MDT0000: Connection to %s (at %s) was lost; in progress operations"
                + " using this service will wait for recovery to complete\n";
        Files.writeString(kernelLog, stamp + ".000012+00:00" + String.format(lost, ost(0), ost(0), routedNid(0))
                + stamp + ".500020+00:00" + String.format(lost, ost(500), ost(500), routedNid(100))
                + stamp + ".500021+00:00 mds1 kernel: Lustre: Skipped 499 previous similar messages\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        for (int turn = 0; turn < 4; turn++) {
            clock.advance(5);
            readAll();
        }

        List<Outage> seen = outages.outages();
        assertEquals(1, seen.size(), seen.toString());
        Outage outage = seen.get(0);
        assertEquals(OutageKind.NETWORK, outage.kind());
        assertEquals("o2ib1", outage.key());
        assertEquals(osts, outage.targets());
        assertEquals(ROUTED_SERVERS, outage.servers());
        assertTrue(outage.active());
        assertEquals(List.of(), traps("server-outage"), "no server outage of its own");
        assertEquals(1, traps("network-outage").size(), "one summary, kept by the full store: " + store.size());

        tree.condition(all, NodeCondition.FULL);
        for (int turn = 0; turn < 3; turn++) {
            clock.advance(5);
            readAll();
        }
        assertFalse(outages.outages().get(0).active(), outages.outages().toString());
        assertEquals(1, traps("network-outage-over").size());
    }
}
