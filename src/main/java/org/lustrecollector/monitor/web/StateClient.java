package org.lustrecollector.monitor.web;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.lustrecollector.monitor.outage.Outage;

/**
 * The Lustre-state calls the dashboard makes to one collector ({@code getFileSystems},
 * {@code getFileSystemInfo}, {@code getNodesNames}, {@code getNodeInfo}, {@code getOutages} and
 * {@code system.listMethods}: docs/api.md), answers checked and turned into plain values. Every call is
 * bounded by the timeout.
 */
public final class StateClient {
    /** An answer that is not what docs/api.md describes. */
    public static final class BadAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        BadAnswer(String message) {
            super(message);
        }
    }

    /** User and password for basic authentication. */
    public record Credentials(String user, String password) {
    }

    private final String url;
    private final XmlRpcClient client = new XmlRpcClient();

    public StateClient(URI url, Optional<Credentials> auth, Duration timeout) {
        this.url = url.toString();
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(url.toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.setConnectionTimeout(millis);
        config.setReplyTimeout(millis);
        auth.ifPresent(a -> {
            config.setBasicUserName(a.user());
            config.setBasicPassword(a.password());
        });
        client.setConfig(config);
    }

    public String url() {
        return url;
    }

    public List<String> fileSystems() throws XmlRpcException, BadAnswer {
        return strings(client.execute("getFileSystems", new Object[0]), "getFileSystems");
    }

    public List<String> nodeNames(String fs) throws XmlRpcException, BadAnswer {
        return strings(client.execute("getNodesNames", new Object[] {fs}), "getNodesNames");
    }

    public Map<String, Object> fileSystemInfo(String fs) throws XmlRpcException, BadAnswer {
        return struct(client.execute("getFileSystemInfo", new Object[] {fs}), "getFileSystemInfo");
    }

    public Map<String, Object> nodeInfo(String node) throws XmlRpcException, BadAnswer {
        return struct(client.execute("getNodeInfo", new Object[] {node}), "getNodeInfo");
    }

    /** {@code system.listMethods()}: the names of the collector's methods. */
    public Set<String> methods() throws XmlRpcException, BadAnswer {
        return new HashSet<>(strings(client.execute("system.listMethods", new Object[0]), "system.listMethods"));
    }

    /** {@code getOutages()}: its rows that are as docs/api.md describes, and what was wrong with the others. */
    public Outages outages() throws XmlRpcException, BadAnswer {
        Object value = client.execute("getOutages", new Object[0]);
        if (!(value instanceof Object[] rows)) {
            throw new BadAnswer("getOutages should return an array");
        }
        List<Outage> good = new ArrayList<>(rows.length);
        List<String> bad = new ArrayList<>();
        for (Object row : rows) {
            try {
                good.add(outage(row, url));
            } catch (BadAnswer e) {
                bad.add(e.getMessage());
            }
        }
        return new Outages(good, bad);
    }

    /**
     * A getOutages answer: the good rows, and one reason per row left out.
     *
     * @param skipped why each row left out is not an outage
     */
    public record Outages(List<Outage> outages, List<String> skipped) {
        public Outages {
            outages = List.copyOf(outages);
            skipped = List.copyOf(skipped);
        }
    }

    /** One getOutages row, as the XML-RPC client hands it over: a struct of ints, strings, booleans, arrays. */
    static Outage outage(Object row, String collector) throws BadAnswer {
        if (!(row instanceof Map<?, ?> m)) {
            throw new BadAnswer("a getOutages row should be a struct");
        }
        String kind = member(m, "kind", String.class);
        if (!kind.equals(Outage.SERVER) && !kind.equals(Outage.NETWORK)) {
            throw new BadAnswer("a getOutages row's kind should be server or network, not '" + kind + "'");
        }
        String key = member(m, "key", String.class);
        int targets = member(m, "targets", Integer.class);
        int servers = member(m, "servers", Integer.class);
        long since = member(m, "since", Integer.class);
        boolean active = member(m, "active", Boolean.class);
        long ended = member(m, "ended", Integer.class);
        boolean endInconsistent = active != (ended < 0) || !active && ended < since;
        if (key.isEmpty() || targets < 1 || servers < 1 || since < 0 || endInconsistent) {
            throw new BadAnswer("a getOutages row of " + kind + " '" + key + "' is inconsistent: targets " + targets
                    + ", servers " + servers + ", since " + since + ", active " + active + ", ended " + ended);
        }
        return new Outage(kind, key, targets, servers, stringArray(m, "filesystems"), since, active, ended,
                stringArray(m, "examples"), List.of(collector));
    }

    private static <T> T member(Map<?, ?> row, String name, Class<T> type) throws BadAnswer {
        Object value = row.get(name);
        if (!type.isInstance(value)) {
            throw new BadAnswer("a getOutages row should have " + name + " (" + type.getSimpleName().toLowerCase()
                    + ")" + (value == null ? "" : ", not " + value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    private static List<String> stringArray(Map<?, ?> row, String name) throws BadAnswer {
        return strings(row.get(name), "a getOutages row's " + name);
    }

    private static Map<String, Object> struct(Object value, String what) throws BadAnswer {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new HashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        throw new BadAnswer(what + " should return a struct");
    }

    private static List<String> strings(Object value, String what) throws BadAnswer {
        if (!(value instanceof Object[] array)) {
            throw new BadAnswer(what + " should return an array");
        }
        List<String> out = new ArrayList<>(array.length);
        for (Object o : array) {
            if (!(o instanceof String s)) {
                throw new BadAnswer(what + " should return an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Object[] array) {
            for (Object o : array) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }
}
