package org.lustrecollector.outage;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
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
 * trap follows when its last target is back. While it grows, only its record in {@link #outages()} changes.
 * The individual traps are the kernel log's, stored as before.
 *
 * <p>Each signal costs two hash look-ups (the target's name, the NID) and, once a target and its NID have
 * been seen, allocates nothing: a storm's signals leave no objects behind for the garbage collector to
 * copy. A target's place in a server's burst is a {@link Placement} that a new burst makes stale by its
 * number instead of clearing maps. Tracked NIDs, targets per NID and target names are capped; what the caps turn
 * away is counted in {@link #dropped()}. Thread-safe.
 */
public final class OutageDetector implements ConnectionSignals {
    /** Most target names tracked at once: more than the OSTs and MDTs of the largest cluster an MDS serves. */
    static final int MAX_TARGET_NAMES = 250_000;
    private static final int MAX_EXAMPLES = 5;
    private static final int MAX_FILESYSTEMS = 32;
    private static final int MAX_ENDED = 1_000;
    private static final long NO_BURST = Long.MIN_VALUE / 2;

    private final OutageSettings settings;
    private final long window;
    private final TrapSink sink;
    private final OutageTraps traps;
    private final InstantSource clock;
    private final Map<String, TargetTrack> targets = new HashMap<>();
    private final Map<String, ServerTrack> servers = new HashMap<>();
    private final Map<String, NetworkTrack> networks = new HashMap<>();
    private final Set<Episode> active = new LinkedHashSet<>();
    private final ArrayDeque<Outage> ended = new ArrayDeque<>();
    private final ArrayDeque<Episode> unannounced = new ArrayDeque<>();
    private long dropped;
    private long raisedServer;
    private long raisedNetwork;
    private long withoutNid;
    private long lastPrune = NO_BURST;
    private long lastTargetPrune = NO_BURST;

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
            server = newServer(nid, nid.substring(at + 1), when);
            if (server == null) {
                dropped++;
                return;
            }
        }
        if (server.episode == null && when - server.burstStart > window) {
            newBurst(server);
            server.burstStart = when;
        }
        TargetTrack track = targets.get(target);
        if (track == null) {
            track = newTarget(target, when);
            if (track == null) {
                dropped++;
                return;
            }
        }
        Placement place = track.placementIn(server);
        if (place != null && place.lost) {
            return;
        }
        boolean first = place == null;
        if (first) {
            if (server.members.size() >= settings.maxTargets()) {
                dropped++;
                return;
            }
            place = track.place(server);
            server.members.add(place);
        }
        place.lost = true;
        track.lostAt = place;
        lostNow(server, server.lostNow + 1);
        server.lastLoss = when;
        NetworkTrack network = server.network;
        if (network.episode == null && when - network.burstStart > window) {
            network.newBurst();
            network.burstStart = when;
        }
        if (!network.has(server)) {
            network.add(server);
            network.lostServers++;
        }
        Episode episode = server.episode;
        if (episode != null) {
            episode.lostNow++;
            if (first) {
                episode.addTarget(track);
            }
        } else if (network.episode != null) {
            network.episode.join(server);
        } else if (server.members.size() >= settings.serverTargets()) {
            Episode formed = new Episode(OutageKind.SERVER, nid, null, server.burstStart, when);
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
        TargetTrack track = targets.get(target);
        if (track == null) {
            return;
        }
        ServerTrack server = servers.get(nid);
        Placement place = server == null ? null : track.placementIn(server);
        if (place == null || !place.lost) {
            place = track.lostAt;
            if (place == null || !place.current() || !place.lost) {
                return;
            }
            server = place.server;
        }
        if (track.lostAt == place) {
            track.lostAt = null;
        }
        place.lost = false;
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

    /** Losses not tracked because a cap (NIDs, targets per NID, target names) was reached. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Losses whose console line named no NID, so belong to no server. */
    public synchronized long withoutNid() {
        return withoutNid;
    }

    /** A track for a NID not tracked yet; null when the cap of NIDs is reached even after pruning. */
    private ServerTrack newServer(String nid, String networkName, long when) {
        if (servers.size() >= settings.maxServers()) {
            prune(when);
        }
        if (servers.size() >= settings.maxServers()) {
            return null;
        }
        NetworkTrack network = networks.computeIfAbsent(networkName, NetworkTrack::new);
        ServerTrack server = new ServerTrack(nid, network);
        network.tracked++;
        servers.put(nid, server);
        return server;
    }

    /** A track for a target name not tracked yet; null when the cap of names is reached even after pruning. */
    private TargetTrack newTarget(String target, long when) {
        if (targets.size() >= MAX_TARGET_NAMES && when - lastTargetPrune > window) {
            lastTargetPrune = when;
            targets.values().removeIf(t -> !t.placed());
        }
        if (targets.size() >= MAX_TARGET_NAMES) {
            return null;
        }
        TargetTrack track = new TargetTrack(target);
        targets.put(target, track);
        return track;
    }

    private void formNetwork(NetworkTrack network, long when) {
        List<ServerTrack> lost = new ArrayList<>();
        long since = when;
        for (ServerTrack server : network.servers) {
            if (server.lostNow > 0 && (server.episode == null || server.episode.kind == OutageKind.SERVER)) {
                lost.add(server);
                since = Math.min(since, server.burstStart);
            }
        }
        if (lost.size() < settings.networkServers()) {
            return;
        }
        Episode formed = new Episode(OutageKind.NETWORK, network.name, network, since, when);
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
            newBurst(server);
            server.burstStart = NO_BURST;
        }
        if (episode.network != null) {
            NetworkTrack network = episode.network;
            network.episode = null;
            network.newBurst();
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
        if (was != value > 0 && server.network.has(server)) {
            server.network.lostServers += was ? -1 : 1;
        }
    }

    /** Starts a new burst at a server: the targets of the last one, lost or not, are no longer its. */
    private void newBurst(ServerTrack server) {
        lostNow(server, 0);
        server.burst++;
        server.members.clear();
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
                newBurst(server);
                it.remove();
                NetworkTrack network = server.network;
                network.remove(server);
                network.tracked--;
            }
        }
        networks.values().removeIf(n -> n.episode == null && n.tracked == 0);
    }

    /** A target name and where it is placed in servers' bursts; usually one NID, a few with failover. */
    private static final class TargetTrack {
        final String name;
        final String fsName;
        Placement[] placements = new Placement[1];
        /** Where it was last heard lost; stale once restored there or that burst is over. */
        Placement lostAt;

        TargetTrack(String name) {
            this.name = name;
            int dash = name.lastIndexOf('-');
            this.fsName = dash > 0 ? name.substring(0, dash) : "";
        }

        /** Its place in the server's current burst, or null when it has none. */
        Placement placementIn(ServerTrack server) {
            for (Placement p : placements) {
                if (p != null && p.server == server && p.current()) {
                    return p;
                }
            }
            return null;
        }

        /** A place in the server's current burst, reusing a stale one. */
        Placement place(ServerTrack server) {
            int free = -1;
            for (int i = 0; i < placements.length && free < 0; i++) {
                if (placements[i] == null || !placements[i].current()) {
                    free = i;
                }
            }
            if (free < 0) {
                free = placements.length;
                placements = Arrays.copyOf(placements, free * 2);
            }
            Placement p = placements[free];
            if (p == null) {
                p = new Placement(this);
                placements[free] = p;
            }
            p.server = server;
            p.burst = server.burst;
            p.lost = false;
            return p;
        }

        boolean placed() {
            for (Placement p : placements) {
                if (p != null && p.current()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One target in one server's burst: lost now, or restored within the burst. */
    private static final class Placement {
        final TargetTrack target;
        ServerTrack server;
        long burst;
        boolean lost;

        Placement(TargetTrack target) {
            this.target = target;
        }

        boolean current() {
            return server != null && server.burst == burst;
        }
    }

    /** The targets lost at one NID in its current burst, in the order of their first loss. */
    private static final class ServerTrack {
        final String nid;
        final NetworkTrack network;
        final List<Placement> members = new ArrayList<>();
        long burst;
        /** The network's burst it belongs to, if that is the current one. */
        long networkBurst = -1;
        int lostNow;
        long burstStart = NO_BURST;
        long lastLoss = NO_BURST;
        Episode episode;

        ServerTrack(String nid, NetworkTrack network) {
            this.nid = nid;
            this.network = network;
        }
    }

    /** The servers of one LNet network with a loss in the current burst; how many of them have a target lost now. */
    private static final class NetworkTrack {
        final String name;
        final List<ServerTrack> servers = new ArrayList<>();
        long burst;
        int lostServers;
        /** Servers tracked that belong to it. */
        int tracked;
        long burstStart = NO_BURST;
        Episode episode;

        NetworkTrack(String name) {
            this.name = name;
        }

        boolean has(ServerTrack server) {
            return server.networkBurst == burst;
        }

        void add(ServerTrack server) {
            server.networkBurst = burst;
            servers.add(server);
        }

        void remove(ServerTrack server) {
            if (has(server)) {
                servers.remove(server);
                server.networkBurst = -1;
            }
        }

        void newBurst() {
            burst++;
            servers.clear();
            lostServers = 0;
        }
    }

    /** One outage while it is tracked. */
    private static final class Episode {
        final OutageKind kind;
        final String key;
        /** The network of a network outage; null for a server outage. */
        final NetworkTrack network;
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

        Episode(OutageKind kind, String key, NetworkTrack network, long since, long formedAt) {
            this.kind = kind;
            this.key = key;
            this.network = network;
            this.since = since;
            this.formedAt = formedAt;
        }

        void join(ServerTrack server) {
            server.episode = this;
            members.add(server);
            lostNow += server.lostNow;
            for (Placement p : server.members) {
                addTarget(p.target);
            }
        }

        void addTarget(TargetTrack target) {
            targets++;
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(target.name);
            }
            if (!target.fsName.isEmpty() && filesystems.size() < MAX_FILESYSTEMS) {
                filesystems.add(target.fsName);
            }
        }

        Outage view() {
            return new Outage(kind, key, targets, members.size(), List.copyOf(filesystems), since, ended, examples);
        }
    }
}
