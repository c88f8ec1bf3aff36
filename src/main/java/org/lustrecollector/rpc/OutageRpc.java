package org.lustrecollector.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.lustrecollector.outage.Outage;
import org.lustrecollector.outage.OutageDetector;

/** The outage method of the XML-RPC API ({@code docs/api.md}, "Outages"): what the outage detector groups. */
@ApplicationScoped
public class OutageRpc {
    private final OutageDetector outages;

    /** For CDI's client proxy only. */
    protected OutageRpc() {
        this.outages = null;
    }

    @Inject
    public OutageRpc(OutageDetector outages) {
        this.outages = outages;
    }

    @RpcHelp("getOutages() -> array of struct. The server and network outages of the last hour, active ones "
            + "first: kind (server or network), key (the NID or the LNet network), targets and servers (ints), "
            + "filesystems (array of string), since (epoch seconds of the first loss), active (boolean), "
            + "ended (epoch seconds, -1 while active), examples (array of a few target names).")
    public Object[] getOutages() {
        List<Outage> all = outages.outages();
        Object[] rows = new Object[all.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(all.get(i));
        }
        return rows;
    }

    private static Map<String, Object> row(Outage o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", o.kind().label());
        m.put("key", o.key());
        m.put("targets", o.targets());
        m.put("servers", o.servers());
        m.put("filesystems", o.filesystems().toArray());
        m.put("since", TrapRpc.toInt(o.since()));
        m.put("active", o.active());
        m.put("ended", TrapRpc.toInt(o.ended()));
        m.put("examples", o.examples().toArray());
        return m;
    }
}
