package org.lustrecollector.outage;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapSink;

/**
 * Groups lost connections into outages ({@code docs/outages.md}): targets of one NID lost within the window
 * make a server outage, servers of one LNet network with losses within the window make a network outage,
 * which takes in the server outages of that burst. Each outage raises one summary trap once a window has
 * passed since it formed, so that the trap tells the size a storm has grown to ({@link #settle}, called by
 * each signal and every interval by {@link OutageSource}); a server outage that becomes a network outage
 * before then raises only the network's summary, one that becomes so later is followed by it. One recovery
 * trap follows when its last target is back. While it grows, only its record in {@link #outages()} changes. The individual traps are the kernel log's,
 * stored as before. Each signal costs a few hash look-ups; tracked NIDs and targets are capped and what
 * the caps turn away is counted in {@link #dropped()}. Thread-safe.
 */
public final class OutageDetector implements ConnectionSignals {
    private static final int MAX_EXAMPLES = 5;
    private static final int MAX_FILESYSTEMS = 32;
    private static final int MAX_ENDED = 1_000;
    private static final long NO_BURST = Long.MIN_VALUE / 2;

    private final OutageSettings settings;
    private final long window;
    private final TrapSink sink;
    private final OutageTraps traps;
    private final InstantSource clock;
    private final Map<String, ServerTrack> servers = new HashMap<>();
    private final Map<String, NetworkTrack> networks = new HashMap<>();
    /**
     * The NID each target lost now was last heard lost at: a restoration that names another NID (the failover
     * NID the import reconnected to) or none still ends the loss.
     */
    private final Map<String, String> lostAt = new HashMap<>();
    private final Set<Episode> active = new LinkedHashSet<>();
    private final ArrayDeque<Outage> ended = new ArrayDeque<>();
    private final ArrayDeque<Episode> unannounced = new ArrayDeque<>();
    private long dropped;
    private long raisedServer;
    private long raisedNetwork;
    private long withoutNid;
    private long lastPrune = NO_BURST;

    public OutageDetector(OutageSettings settings, TrapSink sink, OutageTraps traps, InstantSource clock) {
        this.settings = settings;
        this.window = settings.window().toSeconds();
        this.sink = sink;
        this.traps = traps;
        this.clock = clock;
    }

    @Override
    public void connectionLost(String target, long when) {
        connectionLost(target, "", when);
    }

    @Override
    public void connectionRestored(String target, long when) {
        connectionRestored(target, "", when);
    }

    @Override
    public synchronized void connectionLost(String target, String nid, long when) {
        settle(when);
        int at = nid.lastIndexOf('@');
        if (at <= 0 || at == nid.length() - 1) {
            withoutNid++;
            return;
        }
        ServerTrack server = servers.get(nid);
        if (server == null) {
            if (servers.size() >= settings.maxServers()) {
                prune(when);
            }
            if (servers.size() >= settings.maxServers()) {
                dropped++;
                return;
            }
            server = new ServerTrack(nid, nid.substring(at + 1));
            servers.put(nid, server);
        }
        if (server.episode == null && when - server.burstStart > window) {
            forgetTargets(server);
            lostNow(server, 0);
            server.burstStart = when;
        }
        Boolean before = server.targets.get(target);
        if (Boolean.TRUE.equals(before)) {
            return;
        }
        if (before == null && server.targets.size() >= settings.maxTargets()) {
            dropped++;
            return;
        }
        server.targets.put(target, Boolean.TRUE);
        lostAt.put(target, nid);
        lostNow(server, server.lostNow + 1);
        server.lastLoss = when;
        NetworkTrack network = networks.computeIfAbsent(server.network, NetworkTrack::new);
        if (network.episode == null && when - network.burstStart > window) {
            network.servers.clear();
            network.lostServers = 0;
            network.burstStart = when;
        }
        if (network.servers.put(nid, server) == null) {
            network.lostServers++;
        }
        Episode episode = server.episode;
        if (episode != null) {
            episode.lostNow++;
            if (before == null) {
                episode.addTarget(target);
            }
        } else if (network.episode != null) {
            network.episode.join(server);
        } else if (server.targets.size() >= settings.serverTargets()) {
            Episode formed = new Episode(OutageKind.SERVER, nid, server.burstStart, when);
            formed.join(server);
            active.add(formed);
            unannounced.addLast(formed);
        }
        if (network.episode == null && network.lostServers >= settings.networkServers()) {
            formNetwork(network, when);
        }
    }

    /**
     * Ends the loss of {@code target} at {@code nid}; when it is not lost there (a failover NID, or none named),
     * at the NID it was last heard lost at. A restoration of a target not lost is a repeat and changes nothing.
     */
    @Override
    public synchronized void connectionRestored(String target, String nid, long when) {
        settle(when);
        ServerTrack server = servers.get(nid);
        if (server == null || !Boolean.TRUE.equals(server.targets.get(target))) {
            String at = lostAt.get(target);
            server = at == null ? null : servers.get(at);
            if (server == null || !Boolean.TRUE.equals(server.targets.get(target))) {
                return;
            }
        }
        lostAt.remove(target, server.nid);
        server.targets.put(target, Boolean.FALSE);
        lostNow(server, server.lostNow - 1);
        Episode episode = server.episode;
        if (episode != null && --episode.lostNow == 0) {
            end(episode, when);
        }
    }

    /** Active outages in the order they formed, then those ended within the last hour, the latest ended first. */
    public synchronized List<Outage> outages() {
        long horizon = clock.instant().getEpochSecond() - OutageSettings.SHOWN_AFTER_END.toSeconds();
        while (!ended.isEmpty() && ended.peekLast().ended() < horizon) {
            ended.removeLast();
        }
        List<Outage> all = new ArrayList<>(active.size() + ended.size());
        active.forEach(e -> all.add(e.view()));
        all.addAll(ended);
        return all;
    }

    /** The outages active now and the summaries raised since start, by kind. */
    public synchronized OutageCounts counts() {
        int servers = 0;
        for (Episode e : active) {
            if (e.kind == OutageKind.SERVER) {
                servers++;
            }
        }
        return new OutageCounts(servers, active.size() - servers, raisedServer, raisedNetwork);
    }

    /** Losses not tracked because a cap (NIDs, targets per NID) was reached. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Losses whose console line named no NID, so belong to no server. */
    public synchronized long withoutNid() {
        return withoutNid;
    }

    private void formNetwork(NetworkTrack network, long when) {
        List<ServerTrack> lost = new ArrayList<>();
        long since = when;
        for (ServerTrack server : network.servers.values()) {
            if (server.lostNow > 0 && (server.episode == null || server.episode.kind == OutageKind.SERVER)) {
                lost.add(server);
                since = Math.min(since, server.burstStart);
            }
        }
        if (lost.size() < settings.networkServers()) {
            return;
        }
        Episode formed = new Episode(OutageKind.NETWORK, network.name, since, when);
        for (ServerTrack server : lost) {
            if (server.episode != null) {
                active.remove(server.episode);
                server.episode.absorbed = true;
                server.episode = null;
            }
            formed.join(server);
        }
        network.episode = formed;
        active.add(formed);
        unannounced.addLast(formed);
    }

    /**
     * Raises the summaries of the outages formed a window or more before {@code now} (epoch seconds), with
     * the size they have grown to. Cheap when there are none.
     */
    public synchronized void settle(long now) {
        while (!unannounced.isEmpty() && unannounced.peekFirst().formedAt + window <= now) {
            announce(unannounced.removeFirst());
        }
    }

    private void end(Episode episode, long when) {
        if (!episode.announced) {
            unannounced.remove(episode);
            announce(episode);
        }
        episode.ended = when;
        active.remove(episode);
        for (ServerTrack server : episode.members) {
            server.episode = null;
            forgetTargets(server);
            lostNow(server, 0);
            server.burstStart = NO_BURST;
        }
        if (episode.kind == OutageKind.NETWORK) {
            NetworkTrack network = networks.get(episode.key);
            network.episode = null;
            network.servers.clear();
            network.lostServers = 0;
            network.burstStart = NO_BURST;
        }
        Outage view = episode.view();
        ended.addFirst(view);
        if (ended.size() > MAX_ENDED) {
            ended.removeLast();
        }
        sink.addSummaries(List.of(traps.recovery(view)));
    }

    private void announce(Episode episode) {
        if (episode.absorbed || episode.announced) {
            return;
        }
        episode.announced = true;
        if (episode.kind == OutageKind.SERVER) {
            raisedServer++;
        } else {
            raisedNetwork++;
        }
        Trap trap = traps.summary(episode.view(), settings);
        sink.addSummaries(List.of(trap));
    }

    /** Sets a server's count of targets lost now, keeping its network's count of servers with losses in step. */
    private void lostNow(ServerTrack server, int value) {
        boolean was = server.lostNow > 0;
        server.lostNow = value;
        if (was != value > 0) {
            NetworkTrack network = networks.get(server.network);
            if (network != null && network.servers.get(server.nid) == server) {
                network.lostServers += was ? -1 : 1;
            }
        }
    }

    /** Forgets the targets of a server's burst, and where those still lost were heard lost. */
    private void forgetTargets(ServerTrack server) {
        if (server.lostNow > 0) {
            server.targets.forEach((target, lost) -> {
                if (lost) {
                    lostAt.remove(target, server.nid);
                }
            });
        }
        server.targets.clear();
    }

    /** Forgets, at most once per window, the NIDs with nothing lost now and no loss within the window. */
    private void prune(long when) {
        if (when - lastPrune <= window) {
            return;
        }
        lastPrune = when;
        for (Iterator<ServerTrack> it = servers.values().iterator(); it.hasNext(); ) {
            ServerTrack server = it.next();
            if (server.episode == null && (server.lostNow == 0 || when - server.lastLoss > window)) {
                forgetTargets(server);
                lostNow(server, 0);
                it.remove();
                NetworkTrack network = networks.get(server.network);
                if (network != null) {
                    network.servers.remove(server.nid);
                }
            }
        }
        networks.values().removeIf(n -> n.episode == null && n.servers.isEmpty());
    }

    /** The targets lost at one NID: true while lost, false once restored within the burst. */
    private static final class ServerTrack {
        final String nid;
        final String network;
        final Map<String, Boolean> targets = new LinkedHashMap<>();
        int lostNow;
        long burstStart = NO_BURST;
        long lastLoss = NO_BURST;
        Episode episode;

        ServerTrack(String nid, String network) {
            this.nid = nid;
            this.network = network;
        }
    }

    /** The servers of one LNet network with a loss in the current burst; how many of them have a target lost now. */
    private static final class NetworkTrack {
        final String name;
        final Map<String, ServerTrack> servers = new LinkedHashMap<>();
        int lostServers;
        long burstStart = NO_BURST;
        Episode episode;

        NetworkTrack(String name) {
            this.name = name;
        }
    }

    /** One outage while it is tracked. */
    private static final class Episode {
        final OutageKind kind;
        final String key;
        final long since;
        final long formedAt;
        final List<ServerTrack> members = new ArrayList<>();
        final Set<String> filesystems = new LinkedHashSet<>();
        final List<String> examples = new ArrayList<>();
        int targets;
        int lostNow;
        long ended = -1;
        boolean announced;
        boolean absorbed;

        Episode(OutageKind kind, String key, long since, long formedAt) {
            this.kind = kind;
            this.key = key;
            this.since = since;
            this.formedAt = formedAt;
        }

        void join(ServerTrack server) {
            server.episode = this;
            members.add(server);
            lostNow += server.lostNow;
            server.targets.keySet().forEach(this::addTarget);
        }

        void addTarget(String target) {
            targets++;
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(target);
            }
            int dash = target.lastIndexOf('-');
            if (dash > 0 && filesystems.size() < MAX_FILESYSTEMS) {
                filesystems.add(target.substring(0, dash));
            }
        }

        Outage view() {
            return new Outage(kind, key, targets, members.size(), List.copyOf(filesystems), since, ended, examples);
        }
    }
}
