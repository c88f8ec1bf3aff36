package org.lustrecollector.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.config.TestConfig;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.NodeStatus;
import org.lustrecollector.outage.Outage;
import org.lustrecollector.outage.OutageKind;
import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.Trap;

/**
 * The demo set up as {@code --demo} sets it up (trap file, kernel log beside it, Lustre tree), read by a
 * collector wired as in the WAR: a router failure is one network outage, and the tree, the trap list and
 * getOutages name the same OSTs; when the router is back the outage ends with its recovery trap.
 */
class DemoRouterOutageTest {
    @TempDir
    Path dir;

    private TestCollector collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.stop();
        }
    }

    private CollectorConfig config() {
        Path demo = dir.resolve("demo");
        return TestConfig.of("demo", "true", "trapfile", demo.resolve("traps").toString(), "trapfilemode", "regular",
                "kernellog", demo.resolve("kern.log").toString(), "lustreroot", demo.resolve("lustre").toString(),
                "interval", "1s", "maxtraps", "100000");
    }

    private List<Trap> traps() {
        return collector.store().snapshot().traps().stream().map(StoredTrap::trap).toList();
    }

    /** The OSTs the trap list says this MDS lost its connection to, in the order of their traps. */
    private List<String> lostInTrapList() {
        return traps().stream().filter(t -> t.category() == Category.CRITICAL && t.message().contains(") was lost;"))
                .map(Trap::node).toList();
    }

    /** The OSTs the collector's Lustre state, read from the demo tree, shows not responding, over every filesystem. */
    private static List<String> notResponding(LustreState lustre) {
        List<String> down = new ArrayList<>();
        for (String fs : lustre.fileSystems()) {
            down.addAll(lustre.fileSystem(fs).orElseThrow().notResponding());
        }
        return down;
    }

    /** Traps of the demo's trap file (the clients' side of its storm), read on their own turn of the collector. */
    private long demoTraps() {
        return traps().stream().filter(t -> t.id().startsWith("demo-")).count();
    }

    private List<Outage> outages() {
        return collector.outages().outages();
    }

    @Test
    void aRouterFailureIsOneNetworkOutageThatTheTreeTheTrapListAndGetOutagesAgreeOn() throws IOException {
        CollectorConfig config = config();
        DemoProducer demo = new DemoProducer(config, InstantSource.system());
        demo.prepare();
        collector = TestCollector.of(config, InstantSource.system()).start();
        LustreState lustre = collector.lustre();
        await().atMost(30, SECONDS).until(() -> lustre.fileSystems().size() == DemoTrapWriter.FILESYSTEMS.size());

        DemoTrapWriter.RouterFailure failure = demo.routerFails(3_000);
        List<String> osts = failure.osts();
        await().atMost(30, SECONDS).until(() -> notResponding(lustre).equals(osts) && lostInTrapList().size() == osts.size()
                && !outages().isEmpty() && outages().get(0).targets() == osts.size()
                && osts.stream().allMatch(o -> lustre.node(o).map(n -> n.lastRead() > 0).orElse(false))
                && demoTraps() >= 3_000);

        assertEquals(osts, lostInTrapList(), "one console trap per OST behind the router, none twice");
        assertEquals(osts, notResponding(lustre), "the tree's DISCONNECTED OSTs, as the collector reads them");
        List<Outage> all = outages();
        assertEquals(1, all.size(), all.toString());
        Outage outage = all.get(0);
        assertTrue(outage.active());
        assertEquals(OutageKind.NETWORK, outage.kind());
        assertEquals(failure.network(), outage.key());
        assertEquals(osts.size(), outage.targets());
        assertEquals(osts.size(), outage.servers(), "one server per OST");
        assertEquals(List.of(failure.fs()), outage.filesystems());
        assertEquals(osts.subList(0, outage.examples().size()), outage.examples());
        for (String ost : osts) {
            NodeStatus node = lustre.node(ost).orElseThrow();
            assertTrue(node.nid().endsWith("@" + failure.network()), "the tree's NID is the console's: " + node);
        }
        assertTrue(traps().stream().noneMatch(t -> t.id().startsWith("demo-") && t.message().contains("was lost")),
                "the trap file tells no connection loss when the kernel log does");
        assertTrue(demoTraps() >= 3_000, "the clients' side of the storm is in the trap file");
        String kernelLog = Files.readString(config.kernelLog().orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(kernelLog.contains("ptlrpc_expire_one_request()) Skipped "),
                "the request timeouts are rate-limited as libcfs does");

        demo.routerBack();
        await().atMost(30, SECONDS).until(() -> !outages().get(0).active() && notResponding(lustre).isEmpty());
        assertEquals(1, outages().size());
        List<Trap> over = traps().stream().filter(t -> t.id().contains(":network-outage-over:")).toList();
        assertEquals(1, over.size(), "one recovery trap");
        assertEquals(Category.INFO, over.get(0).category());
        assertEquals(failure.network(), over.get(0).node());
        assertEquals(1, traps().stream().filter(t -> t.id().contains(":network-outage:")).count(), "one summary");
        assertEquals(osts, traps().stream().filter(t -> t.message().contains(": Connection restored to "))
                .map(Trap::node).toList());
        assertFalse(traps().stream().anyMatch(t -> t.id().contains(":server-outage")), "no server outage besides");
    }

    @Test
    void aKernelLogOutsideTheTrapFilesFolderIsNeverWrittenToAndTheTrapFileTellsTheLosses() throws IOException {
        Path elsewhere = dir.resolve("var/log/lustre-kernel.log");
        CollectorConfig config = TestConfig.of("demo", "true", "trapfile", dir.resolve("demo/traps").toString(),
                "kernellog", elsewhere.toString(), "lustreroot", dir.resolve("demo/lustre").toString());
        DemoProducer demo = new DemoProducer(config, InstantSource.system());
        demo.prepare();
        DemoTrapWriter.RouterFailure failure = demo.routerFails(100);
        demo.routerBack();
        assertFalse(Files.exists(elsewhere));
        List<String> lines = Files.readAllLines(dir.resolve("demo/traps"), StandardCharsets.UTF_8);
        assertEquals(failure.osts(), lines.stream().filter(l -> l.contains(") was lost;"))
                .map(l -> l.split("\t")[4]).toList());
        assertEquals(failure.osts(), lines.stream().filter(l -> l.contains("Connection restored to "))
                .map(l -> l.split("\t")[4]).toList());
    }
}
