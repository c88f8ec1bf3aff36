package org.lustrecollector.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.xmlrpc.XmlRpcException;
import org.lustrecollector.api.Category;
import org.lustrecollector.lustre.Condition;
import org.lustrecollector.lustre.FileSystemSummary;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.NodeStatus;
import org.lustrecollector.lustre.Recovery;
import org.lustrecollector.lustre.Space;
import org.lustrecollector.trap.TextLimits;
import org.lustrecollector.trap.TrapCounts;
import org.lustrecollector.trap.TrapStore;

/**
 * The Lustre state methods of the XML-RPC API ({@code docs/api.md}, "Lustre state"). Answers come from
 * what the collector's last scans saw; no call reads a Lustre file.
 */
@ApplicationScoped
public class LustreRpc {
    private final LustreState lustre;
    private final TrapStore store;

    /** For CDI's client proxy only. */
    protected LustreRpc() {
        this.lustre = null;
        this.store = null;
    }

    @Inject
    public LustreRpc(LustreState lustre, TrapStore store) {
        this.lustre = lustre;
        this.store = store;
    }

    @RpcHelp("getFileSystems() -> array of string. The filesystems this MDS serves (the fsnames of its MDTs); "
            + "empty when none.")
    public Object[] getFileSystems() {
        return lustre.fileSystems().toArray();
    }

    @RpcHelp("getNodesNames(fsName) -> array of string. The nodes (MDTs, then OSTs) of that filesystem, all "
            + "nodes when fsName is empty, an empty array for an unknown filesystem.")
    public Object[] getNodesNames(String fsName) {
        return lustre.nodeNames(fsName).toArray();
    }

    @RpcHelp("getNodeInfo(nodeName) -> struct. name, filesystem, type (OST or MDT), local, responding, "
            + "deactivated, state (UNKNOWN when a file that should be readable could not be read), signal, "
            + "kbytestotal, kbytesfree, kbytesavail, filestotal, filesfree (doubles, -1 when unknown), nid, "
            + "stateChanged and lastRead (epoch seconds), error (why the state is UNKNOWN: the file and the "
            + "reason; empty otherwise), createError (int: prealloc_status of a precreate failure such as -30, 0 when "
            + "none), evictionCount (double: a local MDT's eviction_count, 2.16+; -1 when unknown), recoveryStatus "
            + "(a local MDT's recovery_status: COMPLETE, RECOVERING, ...; 'unknown' when absent), recoveryStart, "
            + "recoveryDuration, recoveryClients, recoveryCompleted, recoveryEvicted, recoveryTimeRemaining (ints, "
            + "-1 when the status does not show them). Fault -32000 for an unknown node.")
    public Map<String, Object> getNodeInfo(String nodeName) throws XmlRpcException {
        NodeStatus n = lustre.node(nodeName).orElseThrow(() -> new XmlRpcException(FaultCodes.NOT_FOUND,
                "Unknown node '" + nodeName + "'; getNodesNames(\"\") lists the nodes of this MDS"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("filesystem", n.fsName());
        m.put("type", n.type().name());
        m.put("local", n.local());
        m.put("responding", n.responding());
        m.put("deactivated", n.condition() == Condition.DEACTIVATED);
        m.put("state", n.state());
        m.put("signal", n.signal());
        putSpace(m, n.space());
        m.put("nid", n.nid());
        m.put("stateChanged", TrapRpc.toInt(n.since()));
        m.put("lastRead", TrapRpc.toInt(n.lastRead()));
        m.put("error", n.error());
        m.put("createError", n.createError());
        m.put("evictionCount", (double) n.evictions());
        Recovery r = n.recovery();
        m.put("recoveryStatus", r.status());
        m.put("recoveryStart", TrapRpc.toInt(r.start()));
        m.put("recoveryDuration", TrapRpc.toInt(r.duration()));
        m.put("recoveryClients", r.clients());
        m.put("recoveryCompleted", r.completed());
        m.put("recoveryEvicted", r.evicted());
        m.put("recoveryTimeRemaining", TrapRpc.toInt(r.remaining()));
        return m;
    }

    @RpcHelp("getFileSystemInfo(fsName) -> struct. name, traps (double: received for this filesystem, dropped "
            + "ones included), trapsByCategory, droppedTraps, nodes, osts, respondingNodes, notResponding, "
            + "deactivated and unknown (arrays of node names; unknown: files that could not be read), kbytestotal, "
            + "kbytesfree, kbytesavail, filestotal, filesfree (the LOD's own totals, read at every scan; where the "
            + "LOD's files cannot be read, OST sums for blocks and MDT sums for inodes), spaceSource ('lod' or "
            + "'nodes'), evictionCount (double: sum of the local MDTs' eviction_count, 2.16+; -1 when unknown), "
            + "health. Fault -32000 for an unknown filesystem.")
    public Map<String, Object> getFileSystemInfo(String fsName) throws XmlRpcException {
        FileSystemSummary fs = lustre.fileSystem(fsName).orElseThrow(() -> new XmlRpcException(FaultCodes.NOT_FOUND,
                "Unknown filesystem '" + TextLimits.abbreviate(fsName, TextLimits.QUOTED_CHARS)
                        + "'; getFileSystems lists the filesystems of this MDS"));
        TrapCounts counts = store.counts();
        long[] received = counts.receivedByFileSystem().getOrDefault(fsName, new long[Category.values().length]);
        long[] dropped = counts.droppedByFileSystem().getOrDefault(fsName, new long[Category.values().length]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", fs.name());
        m.put("traps", (double) TrapCounts.sum(received));
        Map<String, Object> byCategory = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            byCategory.put(c.name(), (double) received[c.code()]);
        }
        m.put("trapsByCategory", byCategory);
        m.put("droppedTraps", (double) TrapCounts.sum(dropped));
        m.put("nodes", fs.nodes());
        m.put("osts", fs.osts());
        m.put("respondingNodes", fs.responding());
        m.put("notResponding", fs.notResponding().toArray());
        m.put("deactivated", fs.deactivated().toArray());
        m.put("unknown", fs.unknown().toArray());
        boolean fromLod = fs.lodSpace().kbytesTotal() >= 0 && fs.lodSpace().filesTotal() >= 0;
        Space blocks = fromLod ? fs.lodSpace() : fs.ostSpace();
        Space inodes = fromLod ? fs.lodSpace() : fs.mdtSpace();
        m.put("kbytestotal", (double) blocks.kbytesTotal());
        m.put("kbytesfree", (double) blocks.kbytesFree());
        m.put("kbytesavail", (double) blocks.kbytesAvail());
        m.put("filestotal", (double) inodes.filesTotal());
        m.put("filesfree", (double) inodes.filesFree());
        m.put("spaceSource", fromLod ? "lod" : "nodes");
        m.put("evictionCount", (double) fs.evictions());
        m.put("health", fs.health());
        return m;
    }

    private static void putSpace(Map<String, Object> m, Space s) {
        m.put("kbytestotal", (double) s.kbytesTotal());
        m.put("kbytesfree", (double) s.kbytesFree());
        m.put("kbytesavail", (double) s.kbytesAvail());
        m.put("filestotal", (double) s.filesTotal());
        m.put("filesfree", (double) s.filesFree());
    }
}
