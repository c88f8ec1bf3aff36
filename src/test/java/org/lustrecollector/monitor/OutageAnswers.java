package org.lustrecollector.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * getOutages rows as a collector answers them (rpc/OutageRpc: the members and types of docs/api.md,
 * "Outages"), for stub collectors.
 */
final class OutageAnswers {
    private OutageAnswers() {
    }

    static Map<String, Object> row(String kind, String key, int targets, int servers, String[] filesystems, int since,
            boolean active, int ended, String... examples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("key", key);
        m.put("targets", targets);
        m.put("servers", servers);
        m.put("filesystems", filesystems);
        m.put("since", since);
        m.put("active", active);
        m.put("ended", ended);
        m.put("examples", examples);
        return m;
    }

    /** An OSS at {@code nid} gone with {@code targets} OSTs of lustre, lustre-OST0010 on. */
    static Map<String, Object> serverDown(String nid, int targets, int since) {
        String[] examples = new String[Math.min(5, targets)];
        for (int i = 0; i < examples.length; i++) {
            examples[i] = String.format("lustre-OST%04x", 0x10 + i);
        }
        return row("server", nid, targets, 1, new String[] {"lustre"}, since, true, -1, examples);
    }

    /** The methods a collector with getOutages lists (system.listMethods). */
    static Object[] listMethods() {
        return new Object[] {"getTraps", "waitTraps", "getStatus", "getFileSystems", "getFileSystemInfo",
            "getOutages", "system.listMethods"};
    }
}
