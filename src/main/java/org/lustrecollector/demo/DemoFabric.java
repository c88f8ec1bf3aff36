package org.lustrecollector.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the demo's OSTs sit on the network. Each OST is served by a server of its own; OST i of a
 * filesystem is behind router i % {@link DemoTrapWriter#ROUTERS} of that filesystem, and the servers behind
 * one router form one LNet network ({@code o2ib1} to {@code o2ib32}), so a router failure takes down the
 * OSTs of {@code OSTS_PER_FS / ROUTERS} servers of one network: one network outage for the collector's
 * outage detector (more servers than the default {@code outageservers}). The demo's tree
 * ({@code ost_conn_uuid}, the import's {@code current_connection}), its console lines and its trap-file
 * lines name these NIDs.
 */
final class DemoFabric {
    private DemoFabric() {
    }

    /** The LNet network behind router {@code router} of filesystem {@code fs}. */
    static String network(String fs, int router) {
        return "o2ib" + (fsIndex(fs) * DemoTrapWriter.ROUTERS + router + 1);
    }

    /** The NID of the server of OST {@code index} of {@code fs}. */
    static String nid(String fs, int index) {
        return server(fs, index, 0);
    }

    /** The NID of the failover partner of that server, on the same network. */
    static String failoverNid(String fs, int index) {
        return server(fs, index, 128);
    }

    /** The OSTs of {@code fs} behind {@code router}, in index order. */
    static List<String> ostsBehind(String fs, int router) {
        List<String> osts = new ArrayList<>();
        for (int i = router; i < DemoTrapWriter.OSTS_PER_FS; i += DemoTrapWriter.ROUTERS) {
            osts.add(DemoTrapWriter.ostName(fs, i));
        }
        return osts;
    }

    /** The index of an OST from its name ({@code lustre-OST001f}: 31). */
    static int index(String ost) {
        return Integer.parseInt(ost.substring(ost.length() - 4), 16);
    }

    private static String server(String fs, int index, int offset) {
        int router = index % DemoTrapWriter.ROUTERS;
        return "10." + (fsIndex(fs) + 1) + "." + (router + 1) + "." + (index / DemoTrapWriter.ROUTERS + 1 + offset)
                + "@" + network(fs, router);
    }

    private static int fsIndex(String fs) {
        int index = DemoTrapWriter.FILESYSTEMS.indexOf(fs);
        if (index < 0) {
            throw new IllegalArgumentException("not a demo filesystem: " + fs);
        }
        return index;
    }
}
