package org.lustrecollector.monitor;

import java.net.MalformedURLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientException;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.lustrecollector.api.Category;
import org.lustrecollector.monitor.outage.Outage;

/**
 * The XML-RPC calls the monitor makes to one collector, with its answers checked against {@code docs/api.md}
 * and turned into records. Every call is bounded by the timeout (to connect, and between bytes of the answer);
 * a waitTraps call by the timeout plus its wait.
 *
 * <p>A collector that lists waitTraps (system.listMethods, asked once) is polled with it, so a trap comes as
 * soon as the collector stores it; any other with getTraps. {@link #outages} reads getOutages from a
 * collector that lists it, and nothing from an older one.
 */
public final class CollectorClient {
    private final Collector collector;
    private final XmlRpcClient client = new XmlRpcClient();
    private final XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    private final int timeoutMillis;
    /** The methods the collector lists (system.listMethods); null until it said. */
    private volatile Set<String> methods;
    private volatile boolean lastPollWaited;

    public CollectorClient(Collector collector, Optional<BasicAuth> auth, Duration timeout) {
        this.collector = collector;
        try {
            config.setServerURL(collector.url().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + collector.url(), e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.timeoutMillis = millis;
        config.setConnectionTimeout(millis);
        config.setReplyTimeout(millis);
        auth.ifPresent(a -> {
            config.setBasicUserName(a.user());
            config.setBasicPassword(a.password());
        });
        client.setConfig(config);
    }

    public Collector collector() {
        return collector;
    }

    /** {@code getTraps(since)} then {@code getStatus()}. */
    public PolledTraps poll(int since) throws XmlRpcException, BadAnswerException {
        return poll(since, Duration.ZERO);
    }

    /**
     * {@code waitTraps(since, wait)} when the collector has it and {@code wait} is at least a second, else
     * {@code getTraps(since)}; then {@code getStatus()}.
     */
    public PolledTraps poll(int since, Duration wait) throws XmlRpcException, BadAnswerException {
        Object result;
        long seconds = wait.toSeconds();
        if (seconds >= 1 && hasWaitTraps()) {
            lastPollWaited = true;
            XmlRpcClientConfigImpl waiting = config.cloneMe();
            waiting.setReplyTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis + wait.toMillis()));
            result = client.execute(waiting, "waitTraps", new Object[] {since, (int) Math.min(Integer.MAX_VALUE, seconds)});
        } else {
            lastPollWaited = false;
            result = client.execute("getTraps", new Object[] {since});
        }
        Object[] answer = array(result, "getTraps");
        if (answer.length != 2) {
            throw new BadAnswerException("getTraps returned " + answer.length + " values, not [traps, timestamp]");
        }
        Object[] rows = array(answer[0], "getTraps traps");
        List<MonitoredTrap> traps = new ArrayList<>(rows.length);
        for (Object row : rows) {
            traps.add(trap(array(row, "a trap")));
        }
        return new PolledTraps(traps, integer(answer[1], "getTraps timestamp"), drops());
    }

    /** Whether the last poll was a waitTraps call: the collector can be polled again at once. */
    public boolean lastPollWaited() {
        return lastPollWaited;
    }

    /**
     * Whether system.listMethods names waitTraps. A fault (a collector without introspection) means no, for
     * good; a failed call (the collector is away) means no for this poll, and the next one asks again.
     */
    private boolean hasWaitTraps() throws BadAnswerException {
        try {
            return methods().contains("waitTraps");
        } catch (XmlRpcException away) {
            return false;
        }
    }

    /**
     * The methods system.listMethods names, asked until the collector answers: none, for good, after a fault
     * (a collector without introspection answers -32601). A failed call (the collector is away: refused,
     * timed out, an HTTP error, all without a fault code) throws, and the next call asks again.
     */
    private Set<String> methods() throws XmlRpcException, BadAnswerException {
        Set<String> known = methods;
        if (known != null) {
            return known;
        }
        Object answer;
        try {
            answer = client.execute("system.listMethods", new Object[0]);
        } catch (XmlRpcClientException away) {
            throw away;
        } catch (XmlRpcException e) {
            if (e.code == 0) {
                throw e;
            }
            methods = Set.of();
            return methods;
        }
        Set<String> names = new HashSet<>();
        for (Object name : array(answer, "system.listMethods")) {
            names.add(String.valueOf(name));
        }
        methods = Set.copyOf(names);
        return methods;
    }

    /**
     * {@code getOutages()} when the collector lists it; none from an older collector (no error). Throws when
     * the collector does not answer, so that a caller never takes "away" for "no outages".
     */
    public List<Outage> outages() throws XmlRpcException, BadAnswerException {
        if (!offersOutages()) {
            return List.of();
        }
        Object[] rows = array(client.execute("getOutages", new Object[0]), "getOutages");
        List<Outage> outages = new ArrayList<>(rows.length);
        for (Object row : rows) {
            outages.add(outage(struct(row, "an outage")));
        }
        return outages;
    }

    /** Whether the collector lists getOutages; throws when it does not answer. */
    public boolean offersOutages() throws XmlRpcException, BadAnswerException {
        return methods().contains("getOutages");
    }

    private Outage outage(Map<?, ?> m) throws BadAnswerException {
        String kind = string(m.get("kind"), "outage kind");
        String key = string(m.get("key"), "outage key");
        if (kind.isEmpty() || key.isEmpty()) {
            throw new BadAnswerException("an outage without a kind or key");
        }
        if (!(m.get("active") instanceof Boolean active)) {
            throw unexpected("outage active", "a boolean", m.get("active"));
        }
        long ended = m.get("ended") instanceof Integer e ? e : -1;
        return new Outage(kind, key, integer(m.get("targets"), "outage targets"),
                integer(m.get("servers"), "outage servers"), strings(m.get("filesystems"), "outage filesystems"),
                integer(m.get("since"), "outage since"), active, ended, strings(m.get("examples"), "outage examples"),
                List.of(collector.name()));
    }

    private static List<String> strings(Object value, String what) throws BadAnswerException {
        List<String> list = new ArrayList<>();
        for (Object item : array(value, what)) {
            list.add(string(item, what));
        }
        return list;
    }

    public DropCounts drops() throws XmlRpcException, BadAnswerException {
        Map<?, ?> status = struct(client.execute("getStatus", new Object[0]), "getStatus");
        return new DropCounts(count(status.get("dropped"), "dropped"), counts(status.get("droppedByCategory")),
                counts(status.get("droppedByFileSystem")),
                status.get("maxtraps") instanceof Integer max ? max : 0);
    }

    /** {@code getFileSystems()}: the filesystem names. */
    public List<String> fileSystems() throws XmlRpcException, BadAnswerException {
        List<String> names = new ArrayList<>();
        for (Object name : array(client.execute("getFileSystems", new Object[0]), "getFileSystems")) {
            names.add(string(name, "a filesystem name"));
        }
        return names;
    }

    /** {@code getFileSystemInfo(fsName)}: the struct as it came, member order kept. */
    public Map<String, Object> fileSystemInfo(String fsName) throws XmlRpcException, BadAnswerException {
        Map<?, ?> info = struct(client.execute("getFileSystemInfo", new Object[] {fsName}), "getFileSystemInfo");
        Map<String, Object> copy = new LinkedHashMap<>();
        info.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    private MonitoredTrap trap(Object[] row) throws BadAnswerException {
        if (row.length != 6) {
            throw new BadAnswerException("a trap has " + row.length + " members, not 6");
        }
        int code = integer(row[1], "trap category");
        if (code < 0 || code > 3) {
            throw new BadAnswerException("trap category " + code + " is not 0-3");
        }
        return new MonitoredTrap(string(row[4], "trap id"), integer(row[5], "trap time"), Category.ofCode(code),
                string(row[3], "trap fsName"), string(row[2], "trap nodeName"), string(row[0], "trap message"),
                collector.name());
    }

    private static Object[] array(Object value, String what) throws BadAnswerException {
        if (value instanceof Object[] array) {
            return array;
        }
        throw unexpected(what, "an array", value);
    }

    private static Map<?, ?> struct(Object value, String what) throws BadAnswerException {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw unexpected(what, "a struct", value);
    }

    private static int integer(Object value, String what) throws BadAnswerException {
        if (value instanceof Integer i) {
            return i;
        }
        throw unexpected(what, "an int", value);
    }

    private static String string(Object value, String what) throws BadAnswerException {
        if (value instanceof String s) {
            return s;
        }
        throw unexpected(what, "a string", value);
    }

    private static long count(Object value, String what) throws BadAnswerException {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw unexpected(what, "a number", value);
    }

    /** A struct of name to count; anything else (an older collector) reads as no counts. */
    private static Map<String, Long> counts(Object value) {
        Map<String, Long> counts = new TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, count) -> {
                if (count instanceof Number n) {
                    counts.put(String.valueOf(key), n.longValue());
                }
            });
        }
        return counts;
    }

    private static BadAnswerException unexpected(String what, String expected, Object value) {
        String got = value == null ? "nothing" : value.getClass().getSimpleName();
        return new BadAnswerException(what + " should be " + expected + ", got " + got + " (is this a collector?)");
    }
}
