package org.lustrecollector.monitor.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClientException;

/**
 * Asks each collector for its Lustre state every interval, on a small pool of daemon threads, one poll per
 * collector at a time: its filesystems, each one's {@code getFileSystemInfo} (targets not responding,
 * deactivated, space, health) and, when the target count changed, {@code getNodesNames}. Whether a target is
 * low on space needs its own {@code getNodeInfo}; a poll reads at most {@link #NODE_INFO_BUDGET} of them,
 * going round all targets in turn, so a collector with thousands of targets costs a bounded number of calls
 * per interval. A collector that lists {@code getOutages} ({@code system.listMethods}, asked again after
 * each failed poll, since a collector that comes back may be a newer one) is also asked for its outages;
 * any other has none, and that is no error.
 */
public final class StatePoller implements AutoCloseable {
    /** getNodeInfo calls per collector and poll. */
    public static final int NODE_INFO_BUDGET = 100;
    /** An OST below this share of available space is low on space (the collector's default spacewarn). */
    static final double LOW_SPACE_SHARE = 0.05;
    private static final Logger LOG = Logger.getLogger(StatePoller.class.getName());

    private final LustreView view;
    private final OutageView outages;
    private final ScheduledExecutorService pool;

    private static final class CollectorState {
        final StateClient client;
        final Map<String, List<String>> names = new HashMap<>();
        final Set<String> low = new HashSet<>();
        int cursor;
        /** Whether it serves getOutages; null until system.listMethods said. */
        Boolean servesOutages;
        /** Whether the latest getOutages answer had a bad row or failed: logged once until it is good again. */
        boolean outagesBad;

        CollectorState(StateClient client) {
            this.client = client;
        }
    }

    public StatePoller(List<StateClient> clients, LustreView view, OutageView outages, Duration interval) {
        this.view = view;
        this.outages = outages;
        AtomicInteger number = new AtomicInteger();
        this.pool = Executors.newScheduledThreadPool(Math.max(1, Math.min(16, clients.size())), task -> {
            Thread t = new Thread(task, "lustre-monitor-state-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (StateClient c : clients) {
            CollectorState state = new CollectorState(c);
            pool.scheduleWithFixedDelay(() -> poll(state), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll(CollectorState s) {
        try {
            List<FileSystemView> views = new ArrayList<>();
            List<String> allTargets = new ArrayList<>();
            for (String fs : s.client.fileSystems()) {
                Map<String, Object> info = s.client.fileSystemInfo(fs);
                List<String> names = s.names.get(fs);
                if (names == null || names.size() != (int) StateClient.number(info.get("nodes"))) {
                    names = s.client.nodeNames(fs);
                    s.names.put(fs, names);
                }
                allTargets.addAll(names);
                views.add(view(s, fs, info, names));
            }
            s.names.keySet().retainAll(views.stream().map(FileSystemView::name).toList());
            readSpace(s, allTargets);
            view.update(s.client.url(), views.stream().map(v -> withLowSpace(v, s.low)).toList(),
                    System.currentTimeMillis() / 1000);
            pollOutages(s);
        } catch (Exception e) {
            // a collector away, or a bad answer: its filesystems come from the other collector until it answers
            view.failed(s.client.url());
            outages.failed(s.client.url());
            s.servesOutages = null;
            LOG.log(Level.FINE, "state poll of " + s.client.url() + " failed", e);
        }
    }

    /**
     * The collector's outages, when it serves getOutages. A row not as docs/api.md describes is left out
     * and logged; a failed call leaves it with none this interval; neither touches its filesystems.
     */
    private void pollOutages(CollectorState s) throws XmlRpcClientException {
        String url = s.client.url();
        try {
            if (s.servesOutages == null) {
                s.servesOutages = s.client.methods().contains("getOutages");
            }
            if (!s.servesOutages) {
                outages.failed(url);
                return;
            }
            StateClient.Outages answer = s.client.outages();
            outages.update(url, answer.outages());
            if (!answer.skipped().isEmpty()) {
                badOutages(s, answer.skipped().size() + " of its getOutages rows left out: " + answer.skipped().get(0));
            } else {
                s.outagesBad = false;
            }
        } catch (XmlRpcClientException away) {
            throw away;
        } catch (XmlRpcException | StateClient.BadAnswer | RuntimeException e) {
            if (s.servesOutages == null) {
                // no introspection: a collector older than getOutages
                s.servesOutages = false;
                outages.failed(url);
                return;
            }
            outages.failed(url);
            badOutages(s, "getOutages failed: " + e.getMessage());
        }
    }

    private static void badOutages(CollectorState s, String what) {
        Level level = s.outagesBad ? Level.FINE : Level.WARNING;
        s.outagesBad = true;
        LOG.log(level, "the outages of " + s.client.url() + " are incomplete: " + what);
    }

    private static FileSystemView view(CollectorState s, String fs, Map<String, Object> info, List<String> names) {
        Set<String> down = new HashSet<>(StateClient.stringList(info.get("notResponding")));
        Set<String> deactivated = new HashSet<>(StateClient.stringList(info.get("deactivated")));
        StringBuilder states = new StringBuilder(names.size());
        for (String n : names) {
            states.append(down.contains(n) ? FileSystemView.NOT_RESPONDING
                    : deactivated.contains(n) ? FileSystemView.DEACTIVATED : FileSystemView.RESPONDING);
        }
        Object health = info.get("health");
        return new FileSystemView(fs, s.client.url(), List.copyOf(names), states.toString(),
                health instanceof String h ? h : "", StateClient.number(info.get("kbytestotal")),
                StateClient.number(info.get("kbytesavail")), StateClient.number(info.get("kbytesfree")),
                StateClient.number(info.get("filestotal")), StateClient.number(info.get("filesfree")),
                StateClient.number(info.get("traps")));
    }

    /** Up to the budget of getNodeInfo calls, from where the previous poll stopped. */
    private static void readSpace(CollectorState s, List<String> targets) throws Exception {
        s.low.retainAll(new HashSet<>(targets));
        int calls = Math.min(NODE_INFO_BUDGET, targets.size());
        for (int i = 0; i < calls; i++) {
            s.cursor = (s.cursor + 1) % targets.size();
            String node = targets.get(s.cursor);
            Map<String, Object> info = s.client.nodeInfo(node);
            double total = StateClient.number(info.get("kbytestotal"));
            double avail = StateClient.number(info.get("kbytesavail"));
            boolean low = "NO_SPACE".equals(info.get("state")) || total > 0 && avail >= 0 && avail < total * LOW_SPACE_SHARE;
            if (low) {
                s.low.add(node);
            } else {
                s.low.remove(node);
            }
        }
    }

    /** A responding target low on space shows as such; one not responding or deactivated shows that. */
    private static FileSystemView withLowSpace(FileSystemView v, Set<String> low) {
        if (low.isEmpty()) {
            return v;
        }
        char[] states = v.states().toCharArray();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == FileSystemView.RESPONDING && low.contains(v.targets().get(i))) {
                states[i] = FileSystemView.LOW_SPACE;
            }
        }
        return new FileSystemView(v.name(), v.collector(), v.targets(), new String(states), v.health(),
                v.kbytesTotal(), v.kbytesAvail(), v.kbytesFree(), v.filesTotal(), v.filesFree(), v.traps());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
