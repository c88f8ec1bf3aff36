package org.lustrecollector.monitor.web;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/**
 * The Lustre-state calls the dashboard makes to one collector ({@code getFileSystems},
 * {@code getFileSystemInfo}, {@code getNodesNames}, {@code getNodeInfo}: docs/api.md), answers checked
 * and turned into plain values. Every call is bounded by the timeout.
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
