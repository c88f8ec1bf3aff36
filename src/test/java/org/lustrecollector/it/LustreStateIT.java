package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.xmlrpc.XmlRpcException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.monitor.LustreMonitor;

/**
 * The four Lustre methods over HTTP against a fixture tree (lustreroot), and the collector's own traps
 * arriving through getTraps exactly once when the test changes nodes' states in the tree.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LustreStateIT {
    private static final Path ROOT = Path.of(TomcatItSupport.prop("it.war")).getParent().resolve("it/lustre-root");
    private static final LustreTreeWriter FIXTURE = fixture();
    private static final CollectorDeployment DEPLOYMENT = CollectorDeployment.prepare("lustre",
            "lustreroot = " + ROOT.toAbsolutePath() + "\ninterval = 1s\nmaxtraps = 1000\n");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static LustreTreeWriter fixture() {
        try {
            return LustreTreeWriter.at(ROOT, TreeLayout.V2_15).withDebugfs(false)
                    .fileSystem("lustre", 1, 1, 4).fileSystem("scratch", 2)
                    .condition("lustre-OST0003", NodeCondition.DISCONNECTED).write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return DEPLOYMENT.war();
    }

    @ArquillianResource
    URL url;

    private Object call(String method, Object... params) throws XmlRpcException {
        return TomcatItSupport.call(url, method, params);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> struct(String method, Object... params) throws XmlRpcException {
        return (Map<String, Object>) call(method, params);
    }

    /** All traps, oldest first: this deployment's trap file stays empty, so they are the collector's own. */
    private List<Object[]> derivedTraps() throws XmlRpcException {
        List<Object[]> traps = new ArrayList<>();
        for (Object row : (Object[]) ((Object[]) call("getTraps", 0))[0]) {
            traps.add((Object[]) row);
        }
        return traps;
    }

    private void await(String what, Check check) {
        TomcatItSupport.awaitCondition(what, PATIENCE, () -> {
            try {
                return check.holds();
            } catch (XmlRpcException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Check {
        boolean holds() throws XmlRpcException;
    }

    @Test
    @Order(1)
    void theFourMethodsAnswerFromTheTree() throws XmlRpcException {
        await("the tree scanned", () -> ((Object[]) call("getFileSystems")).length == 2);
        assertArrayEquals(new Object[] {"lustre", "scratch"}, (Object[]) call("getFileSystems"));
        assertArrayEquals(new Object[] {"lustre-MDT0000", "lustre-MDT0001", "lustre-OST0000", "lustre-OST0001",
                "lustre-OST0002", "lustre-OST0003"}, (Object[]) call("getNodesNames", "lustre"));
        assertEquals(9, ((Object[]) call("getNodesNames", "")).length);
        assertArrayEquals(new Object[0], (Object[]) call("getNodesNames", "nosuch"));

        Map<String, Object> node = struct("getNodeInfo", "lustre-OST0001");
        assertEquals("lustre", node.get("filesystem"));
        assertEquals("OST", node.get("type"));
        assertEquals(Boolean.TRUE, node.get("responding"));
        assertEquals("ACTIVE", node.get("state"));
        assertTrue((Double) node.get("kbytestotal") > 0);
        assertEquals("10.0.0.1@o2ib", node.get("nid"));
        assertEquals(Boolean.FALSE, struct("getNodeInfo", "lustre-OST0003").get("responding"));
        assertEquals("", node.get("error"), "every file readable");

        @SuppressWarnings("unchecked")
        Map<String, Object> lustreSource = (Map<String, Object>) ((Map<String, Object>) struct("getStatus")
                .get("sources")).get("lustre");
        assertEquals(Boolean.FALSE, lustreSource.get("stuck"), lustreSource.toString());
        assertEquals(0.0, lustreSource.get("failures"));
        assertEquals(0.0, lustreSource.get("unreadable"));
        assertEquals(0.0, struct("getStatus").get("failedCycles"));

        Map<String, Object> fs = struct("getFileSystemInfo", "lustre");
        assertEquals(6, fs.get("nodes"));
        assertEquals(5, fs.get("respondingNodes"));
        assertArrayEquals(new Object[] {"lustre-OST0003"}, (Object[]) fs.get("notResponding"));
        assertTrue((Double) fs.get("traps") >= 1.0, "the start-up Critical for OST0003 is counted: " + fs);
        assertArrayEquals(new Object[0], (Object[]) fs.get("unknown"));
        assertEquals("lod", fs.get("spaceSource"), "the LOD's own totals, read at every scan");
        assertEquals(-1.0, fs.get("evictionCount"), "a 2.15 tree has no eviction_count");
        assertEquals("COMPLETE", struct("getNodeInfo", "lustre-MDT0000").get("recoveryStatus"));

        XmlRpcException node404 = assertThrows(XmlRpcException.class, () -> call("getNodeInfo", "lustre-OST0063"));
        assertEquals(-32000, node404.code);
        assertEquals(-32000, assertThrows(XmlRpcException.class, () -> call("getFileSystemInfo", "nosuch")).code);
    }

    /** The monitor tool's --status against the real methods (its own tests use a stub). */
    @Test
    @Order(1)
    void lustreMonitorStatusSummarisesTheFileSystems() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LustreMonitor.run(new String[] {"--status", url.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), new CountDownLatch(1), false);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed + err.toString(StandardCharsets.UTF_8));
        List<String> lustre = printed.lines().filter(l -> l.startsWith("lustre ")).toList();
        assertEquals(1, lustre.size(), printed);
        assertTrue(lustre.get(0).contains("1 not responding (lustre-OST0003)"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("scratch ") && l.contains("0 not responding")), printed);
    }

    @Test
    @Order(2)
    void eachFlipInTheTreeArrivesAsExactlyOneTrap() throws Exception {
        await("start-up trap", () -> derivedTraps().size() == 1);
        Object[] startup = derivedTraps().get(0);
        assertEquals("lustre-OST0003", startup[2]);
        assertEquals(2, startup[1], "Critical");

        record Flip(String node, NodeCondition to, int category) {
        }
        List<Flip> flips = List.of(
                new Flip("lustre-OST0003", NodeCondition.FULL, 0),
                new Flip("lustre-OST0000", NodeCondition.DISCONNECTED, 2),
                new Flip("scratch-OST0001", NodeCondition.DEACTIVATED, 0),
                new Flip("lustre-OST0002", NodeCondition.LOW_SPACE, 1),
                new Flip("lustre-OST0000", NodeCondition.FULL, 0));
        int expected = 1;
        for (Flip flip : flips) {
            FIXTURE.condition(flip.node, flip.to);
            int count = ++expected;
            await(flip + " raises its trap", () -> derivedTraps().size() >= count);
            List<Object[]> traps = derivedTraps();
            Object[] last = traps.get(traps.size() - 1);
            assertEquals(flip.node, last[2], flip.toString());
            assertEquals(flip.category, last[1], flip.toString());
        }
        FIXTURE.health("NOT HEALTHY");
        await("health traps, one per filesystem", () -> derivedTraps().size() >= 8);
        // Three more scans (1 s apart) must not repeat anything.
        int lastRead = (Integer) struct("getNodeInfo", "lustre-OST0001").get("lastRead");
        await("three more scans", () -> (Integer) struct("getNodeInfo", "lustre-OST0001").get("lastRead") >= lastRead + 3);
        List<Object[]> traps = derivedTraps();
        assertEquals(8, traps.size(), "nothing repeated");
        assertEquals(8, traps.stream().map(t -> t[4]).distinct().count(), "unique ids");
        assertEquals(List.of("lustre", "scratch"), traps.subList(6, 8).stream().map(t -> t[3]).toList());
    }
}
