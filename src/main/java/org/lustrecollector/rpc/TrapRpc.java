package org.lustrecollector.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.lustrecollector.api.Category;
import org.lustrecollector.collector.CollectorStatus;
import org.lustrecollector.collector.OutageStatus;
import org.lustrecollector.collector.OutageTally;
import org.lustrecollector.collector.TrapCollector;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapCounts;
import org.lustrecollector.trap.TrapQuery;
import org.lustrecollector.trap.TrapStore;

/**
 * The trap methods of the XML-RPC API ({@code docs/api.md}). XML-RPC's {@code int} is 32 bits: times are
 * epoch seconds as {@code int} (good until 2038); counters that can pass 2^31 are {@code double}.
 */
@ApplicationScoped
public class TrapRpc {
    /** getStatus names at most this many filesystems per map; the rest are summed under {@link TrapStore#OTHER_FILESYSTEMS}. */
    static final int SHOWN_FILESYSTEMS = 100;

    private final TrapStore store;
    private final TrapCollector collector;
    private final TrapWaiters waiters;
    private final OutageTally outages;

    /** For CDI's client proxy only. */
    protected TrapRpc() {
        this.store = null;
        this.collector = null;
        this.waiters = null;
        this.outages = null;
    }

    /** Without waiting calls to count: getStatus says 0 waiting. */
    public TrapRpc(TrapStore store, TrapCollector collector) {
        this(store, collector, null);
    }

    /** Without an outage detector: getStatus says no outage. */
    public TrapRpc(TrapStore store, TrapCollector collector, TrapWaiters waiters) {
        this(store, collector, waiters, null);
    }

    @Inject
    public TrapRpc(TrapStore store, TrapCollector collector, TrapWaiters waiters, OutageTally outages) {
        this.store = store;
        this.collector = collector;
        this.waiters = waiters;
        this.outages = outages;
    }

    @RpcHelp("getTraps(time) -> [traps, timestamp]. The traps the collector received at or after 'time' "
            + "(collector clock, epoch seconds), oldest first; a negative time means the last |time| seconds. "
            + "Each trap is [message, category, nodeName, fsName, id, time] with category 0 Info, 1 Warning, "
            + "2 Critical, 3 Fatal. Pass 'timestamp' back in the next call to miss nothing; a trap may then "
            + "come twice, its id tells.")
    public Object[] getTraps(int time) {
        return answer(store.since(time));
    }

    @RpcHelp("waitTraps(time, seconds) -> [traps, timestamp]. As getTraps(time), with the same guarantees, "
            + "except that when no trap was received at or after 'time' the answer waits up to 'seconds' (at most "
            + "the collector's maxwait, 60 s by default) and comes as soon as traps are stored. seconds <= 0 answers "
            + "at once. Not inside system.multicall. A client's own timeout must be longer than the wait.")
    public Object[] waitTraps(int time, int seconds) {
        TrapQuery query = store.since(time);
        boolean hasTraps = query.first() < query.snapshot().traps().size();
        if (seconds <= 0) {
            return answer(query);
        }
        long from = time < 0 ? Math.max(0, query.timestamp() + time) : time;
        if (!hasTraps) {
            return TrapWait.forTrapsFrom(store, from, seconds).pending();
        }
        // Times are whole seconds: a caller passing back this very second's timestamp has had some (maybe all)
        // of the traps received in it. Answering at once would send them again and again until the second
        // ends; so it waits for the next batch, or the second's end, and then gets them once more at most.
        if (time >= 0 && from == query.timestamp()) {
            return TrapWait.forNextBatch(store, from, seconds, query.snapshot().version()).pending();
        }
        return answer(query);
    }

    /** The getTraps answer for {@code query}. */
    static Object[] answer(TrapQuery query) {
        return new Object[] {new TrapRows(query), toInt(query.timestamp())};
    }

    @RpcHelp("getLastTimestamp() -> int. Collector time (epoch seconds) at which the newest stored trap "
            + "was received; 0 when no trap is stored.")
    public int getLastTimestamp() {
        return toInt(store.lastTimestamp());
    }

    @RpcHelp("getStatus() -> struct. Counters (received, stored, dropped, expired, malformed; per category "
            + "and per filesystem), maxtraps, the trap file and whether it is readable, the time of the last "
            + "read, the version and the uptime; with a kernel log, its path, whether it is readable and its "
            + "malformed and ignored line counts; under 'sources', each source's path, whether it is readable, "
            + "its last read, line counts, unreadable files, failed reads and whether it is stuck (no read "
            + "completed for a few intervals); failedCycles, turns of the collector that failed; waiting, the "
            + "waitTraps calls waiting now; outages, the server and network outages active now (server, network, "
            + "active) and the summaries raised since start (raised: server, network). Counters are doubles, "
            + "since they can pass 2^31.")
    public Map<String, Object> getStatus() {
        CollectorStatus status = collector.status();
        TrapCounts counts = status.counts();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("received", (double) counts.totalReceived());
        s.put("stored", counts.stored());
        s.put("dropped", (double) counts.totalDropped());
        s.put("expired", (double) counts.expired());
        Optional<SourceStatus> trapFile = status.source("trapfile");
        s.put("malformed", (double) trapFile.map(SourceStatus::malformed).orElse(0L));
        s.put("receivedByCategory", byCategory(counts.received()));
        s.put("droppedByCategory", byCategory(counts.dropped()));
        Map<String, long[]> droppedByFs = largest(counts.droppedByFileSystem(), SHOWN_FILESYSTEMS);
        s.put("droppedByFileSystem", byFileSystem(droppedByFs));
        s.put("droppedByFileSystemAndCategory", byFileSystemAndCategory(droppedByFs));
        s.put("receivedByFileSystem", byFileSystem(largest(counts.receivedByFileSystem(), SHOWN_FILESYSTEMS)));
        s.put("maxtraps", status.maxTraps());
        trapFile.ifPresent(t -> {
            s.put("trapfile", t.path());
            s.put("trapfileReadable", t.readable());
            s.put("lastRead", toInt(t.lastRead()));
        });
        s.put("version", status.version());
        s.put("uptime", toInt(status.uptimeSeconds()));
        status.source("kernellog").ifPresent(kernelLog -> {
            s.put("kernellog", kernelLog.path());
            s.put("kernellogReadable", kernelLog.readable());
            s.put("kernellogMalformed", (double) kernelLog.malformed());
            s.put("kernellogIgnored", (double) kernelLog.ignored());
        });
        s.put("sources", bySource(status.sources()));
        s.put("failedCycles", (double) status.failedCycles());
        s.put("waiting", waiters == null ? 0 : waiters.waiting());
        s.put("outages", outages(outages == null ? OutageStatus.NONE : outages.now()));
        return s;
    }

    /** Active outages by kind and in all, and the summaries raised since start by kind. */
    private static Map<String, Object> outages(OutageStatus counts) {
        Map<String, Object> raised = new LinkedHashMap<>();
        raised.put("server", (double) counts.raisedServer());
        raised.put("network", (double) counts.raisedNetwork());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", counts.activeServer());
        m.put("network", counts.activeNetwork());
        m.put("active", counts.active());
        m.put("raised", raised);
        return m;
    }

    /** Every source's own status under its name: what it reads, whether that worked, and when it last did. */
    private static Map<String, Object> bySource(List<SourceStatus> sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (SourceStatus source : sources) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("path", source.path());
            one.put("readable", source.readable());
            one.put("lastRead", toInt(source.lastRead()));
            one.put("malformed", (double) source.malformed());
            one.put("ignored", (double) source.ignored());
            one.put("unreadable", (double) source.unreadable());
            one.put("failures", (double) source.failures());
            one.put("stuck", source.stuck());
            m.put(source.name(), one);
        }
        return m;
    }

    private static Map<String, Object> byCategory(long[] perCategory) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            m.put(c.name(), (double) perCategory[c.code()]);
        }
        return m;
    }

    /**
     * The {@code n} filesystems with the largest totals (ties by name), and the sum of all others per category
     * under {@link TrapStore#OTHER_FILESYSTEMS}: an answer of bounded size however many names bad input made.
     */
    static Map<String, long[]> largest(Map<String, long[]> perFs, int n) {
        if (perFs.size() <= n) {
            return perFs;
        }
        List<Map.Entry<String, long[]>> ranked = new ArrayList<>(perFs.entrySet());
        ranked.removeIf(e -> e.getKey().equals(TrapStore.OTHER_FILESYSTEMS));
        ranked.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -TrapCounts.sum(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        Map<String, long[]> kept = new LinkedHashMap<>();
        long[] rest = perFs.getOrDefault(TrapStore.OTHER_FILESYSTEMS, new long[Category.values().length]).clone();
        for (int i = 0; i < ranked.size(); i++) {
            if (i < n) {
                kept.put(ranked.get(i).getKey(), ranked.get(i).getValue());
            } else {
                long[] counts = ranked.get(i).getValue();
                for (int c = 0; c < rest.length; c++) {
                    rest[c] += counts[c];
                }
            }
        }
        kept.put(TrapStore.OTHER_FILESYSTEMS, rest);
        return kept;
    }

    private static Map<String, Object> byFileSystem(Map<String, long[]> perFs) {
        Map<String, Object> m = new TreeMap<>();
        perFs.forEach((fs, counts) -> m.put(fs, (double) TrapCounts.sum(counts)));
        return m;
    }

    private static Map<String, Object> byFileSystemAndCategory(Map<String, long[]> perFs) {
        Map<String, Object> m = new TreeMap<>();
        perFs.forEach((fs, counts) -> m.put(fs, byCategory(counts)));
        return m;
    }

    /** Epoch seconds fit an XML-RPC int until 2038; saturate rather than wrap after that. */
    static int toInt(long seconds) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, seconds));
    }
}
