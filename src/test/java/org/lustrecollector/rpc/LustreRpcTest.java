package org.lustrecollector.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.api.Category;
import org.lustrecollector.collector.TestCollector;
import org.lustrecollector.demo.lustretree.LustreTreeWriter;
import org.lustrecollector.demo.lustretree.NodeCondition;
import org.lustrecollector.demo.lustretree.TreeLayout;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.procfs.FaultInjectingProcTree;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;

class LustreRpcTest {
    @TempDir
    Path dir;

    private CollectorHandlerMapping mapping;
    private TestCollector collector;

    @BeforeEach
    void build() throws IOException, XmlRpcException {
        LustreTreeWriter fixture = LustreTreeWriter.at(dir.resolve("root"), TreeLayout.V2_16).withDebugfs(false)
                .fileSystem("lustre", 1, 1, 3).fileSystem("scratch", 1)
                .condition("lustre-OST0001", NodeCondition.INACTIVE)
                .condition("lustre-OST0002", NodeCondition.DEACTIVATED).write();
        MutableInstantSource clock = new MutableInstantSource(1_800_000_000L);
        LustreState monitor = new LustreState(
                new FaultInjectingProcTree(new FileProcTree(fixture.root())).failReads(fixture.faults()), clock, 5, "mds1");
        collector = RpcTestSupport.collector(dir.resolve("traps"), clock);
        collector.store().addAll(monitor.scan());
        collector.store().add(new Trap("t1", 1, Category.WARNING, "lustre", "lustre-OST0000", "from the trap file"));
        mapping = RpcTestSupport.mapping(new LustreRpc(monitor, collector.store()));
    }

    private Object call(String method, Object... params) throws XmlRpcException {
        return RpcTestSupport.call(mapping, method, params);
    }

    @Test
    void fileSystemsAndNodeNames() throws XmlRpcException {
        assertArrayEquals(new Object[] {"lustre", "scratch"}, (Object[]) call("getFileSystems"));
        assertArrayEquals(new Object[] {"scratch-MDT0000", "scratch-OST0000"}, (Object[]) call("getNodesNames", "scratch"));
        assertEquals(7, ((Object[]) call("getNodesNames", "")).length);
        assertArrayEquals(new Object[0], (Object[]) call("getNodesNames", "nosuch"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodeInfoHasEveryMemberWithItsType() throws XmlRpcException {
        Map<String, Object> n = (Map<String, Object>) call("getNodeInfo", "lustre-OST0000");
        assertEquals("lustre-OST0000", n.get("name"));
        assertEquals("lustre", n.get("filesystem"));
        assertEquals("OST", n.get("type"));
        assertEquals(Boolean.TRUE, n.get("responding"));
        assertEquals(Boolean.FALSE, n.get("deactivated"));
        assertEquals("ACTIVE", n.get("state"));
        assertEquals(61_526_016.0, n.get("kbytestotal"));
        for (String key : List.of("kbytesfree", "kbytesavail", "filestotal", "filesfree")) {
            assertTrue(n.get(key) instanceof Double, key);
        }
        assertEquals("10.0.0.0@o2ib", n.get("nid"));
        assertEquals(1_800_000_000, n.get("stateChanged"));
        Map<String, Object> down = (Map<String, Object>) call("getNodeInfo", "lustre-OST0001");
        assertEquals(Boolean.FALSE, down.get("responding"));
        assertEquals(-1.0, down.get("kbytestotal"));
        assertEquals(Boolean.TRUE, ((Map<String, Object>) call("getNodeInfo", "lustre-OST0002")).get("deactivated"));
        assertEquals("MDT", ((Map<String, Object>) call("getNodeInfo", "lustre-MDT0001")).get("type"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fileSystemInfoCountsTrapsNodesAndSpace() throws XmlRpcException {
        Map<String, Object> fs = (Map<String, Object>) call("getFileSystemInfo", "lustre");
        assertEquals(2.0, fs.get("traps"), "the collector's Critical for OST0001 and the trap file's one");
        assertEquals(1.0, ((Map<String, Object>) fs.get("trapsByCategory")).get("CRITICAL"));
        assertEquals(5, fs.get("nodes"));
        assertEquals(3, fs.get("osts"));
        assertEquals(3, fs.get("respondingNodes"));
        assertArrayEquals(new Object[] {"lustre-OST0001"}, (Object[]) fs.get("notResponding"));
        assertArrayEquals(new Object[] {"lustre-OST0002"}, (Object[]) fs.get("deactivated"));
        assertEquals(61_526_016.0, fs.get("kbytestotal"), "only OST0000's space is known");
        assertEquals("healthy", fs.get("health"));
        assertEquals(0.0, ((Map<String, Object>) call("getFileSystemInfo", "scratch")).get("traps"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void nodeInfoHasRecoveryEvictionsAndCreateErrors() throws XmlRpcException {
        Map<String, Object> mdt = (Map<String, Object>) call("getNodeInfo", "lustre-MDT0000");
        assertEquals("COMPLETE", mdt.get("recoveryStatus"), "the writer's recovery_status");
        assertEquals(35, mdt.get("recoveryDuration"));
        assertEquals(12, mdt.get("recoveryClients"));
        assertEquals(0, mdt.get("recoveryEvicted"));
        assertEquals(-1, mdt.get("recoveryTimeRemaining"), "COMPLETE does not print time_remaining");
        assertEquals(0.0, mdt.get("evictionCount"), "2.16 has eviction_count");
        Map<String, Object> ost = (Map<String, Object>) call("getNodeInfo", "lustre-OST0000");
        assertEquals("unknown", ost.get("recoveryStatus"));
        assertEquals(-1.0, ost.get("evictionCount"), "unknown, not 0");
        assertEquals(0, ost.get("createError"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fileSystemInfoHasTheUnknownNodesAndTheLodTotals() throws XmlRpcException, IOException {
        Map<String, Object> fs = (Map<String, Object>) call("getFileSystemInfo", "lustre");
        assertArrayEquals(new Object[0], (Object[]) fs.get("unknown"));
        assertEquals("lod", fs.get("spaceSource"));
        assertEquals(0.0, fs.get("evictionCount"));
        assertTrue((Double) fs.get("filestotal") > 0);

        LustreTreeWriter other = LustreTreeWriter.at(dir.resolve("other"), TreeLayout.V2_15).withDebugfs(false)
                .fileSystem("home", 2).write();
        LustreState state = new LustreState(new FaultInjectingProcTree(new FileProcTree(other.root()))
                .failReads(ProcRoot.SYSFS, "osp/home-OST0001-osc-MDT0000/kbytestotal", "Input/output error")
                .failReads(ProcRoot.SYSFS, "lod/home-MDT0000-mdtlov/kbytestotal", "Input/output error"),
                new MutableInstantSource(1_800_000_000L), 5, "mds1");
        state.scan();
        CollectorHandlerMapping home = RpcTestSupport.mapping(new LustreRpc(state, collector.store()));
        Map<String, Object> h = (Map<String, Object>) RpcTestSupport.call(home, "getFileSystemInfo", "home");
        assertArrayEquals(new Object[] {"home-OST0001"}, (Object[]) h.get("unknown"));
        assertEquals("nodes", h.get("spaceSource"), "the LOD's totals could not be read");
        assertEquals(-1.0, h.get("evictionCount"), "2.15 has no eviction_count");
    }

    @Test
    void unknownNamesGetNotFoundFaults() {
        XmlRpcException node = assertThrows(XmlRpcException.class, () -> call("getNodeInfo", "lustre-OST0099"));
        assertEquals(FaultCodes.NOT_FOUND, node.code);
        assertTrue(node.getMessage().contains("Unknown node 'lustre-OST0099'"), node.getMessage());
        XmlRpcException fs = assertThrows(XmlRpcException.class, () -> call("getFileSystemInfo", "nosuch"));
        assertEquals(FaultCodes.NOT_FOUND, fs.code);
        assertTrue(fs.getMessage().contains("Unknown filesystem 'nosuch'"), fs.getMessage());
        assertEquals(FaultCodes.INVALID_PARAMS, assertThrows(XmlRpcException.class, () -> call("getNodeInfo", 3)).code);
    }
}
