package org.lustrecollector.lustre;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.lustre.procfs.FileProcTree;
import org.lustrecollector.lustre.procfs.ProcError;
import org.lustrecollector.lustre.procfs.ProcReadException;
import org.lustrecollector.lustre.procfs.ProcRoot;
import org.lustrecollector.lustre.procfs.ProcTree;
import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.source.LocalHost;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.Trap;

/**
 * Keeps the state of this MDS's filesystems and nodes, and derives traps from its changes. The collector
 * thread calls {@link #scan()} once per {@code interval}; XML-RPC calls read what the last scans left,
 * never the files.
 *
 * <p>A scan reads {@code health_check}, every local LOD's {@code target_obd} and {@code mdt_obd} (one
 * small file per MDT lists all its targets as ACTIVE or INACTIVE), each filesystem's totals from its LOD,
 * each local MDT's {@code recovery_status}, then two rounds over the nodes: a fast one that reads only the
 * OSTs' {@code prealloc_status}, the one small file that changes on a plain disconnection, covering every
 * OST within {@link #FAST_ROUND_SCANS} scans and at least {@link #FAST_READS_MIN} a scan; and a slow one
 * that reads a node's files in full (statfs, connection UUID...). Nodes whose LOD flag or prealloc_status
 * changed are read in full at once, up to {@link #URGENT_PER_SCAN} a scan. The slow round reads between
 * {@link #SLOW_NODES_MIN} and {@link #NODES_PER_SCAN} nodes a scan, so that a scan reads about
 * {@link #FILES_PER_SCAN} files at most. The inventory (folder listings) is rebuilt every
 * {@link #INVENTORY_SCANS} scans, and at the next scan when a LOD names an unknown target or a node's
 * folder vanished. See {@code docs/lustre-state.md}.
 *
 * <p>Scans never overlap; the collector runs them on a task of their own, since a Lustre file can hang.
 *
 * <p>A target its reads see stop responding after it responded, and respond (or be deactivated) again, is told
 * to the {@link ConnectionSignals} it was built with (the outage detector), with the NID it was reached at
 * and the scan's time; not when a console line told the loss first, so the listener does not hear it twice,
 * and not for a target first seen already down ({@code docs/lustre-state.md}, "Losses its reads discover").
 */
public final class LustreState implements ConnectionSignals {
    private static final Logger LOG = Logger.getLogger(LustreState.class.getName());

    /** Scans in which the fast round reads every OST's prealloc_status (115 s at the default interval of 5 s). */
    public static final int FAST_ROUND_SCANS = 23;
    /** The fast round reads at least this many prealloc_status files a scan: every OST of an MDS up to this size. */
    public static final int FAST_READS_MIN = 2000;
    /** Full node reads per scan for nodes whose LOD flag or prealloc_status changed. */
    public static final int URGENT_PER_SCAN = 2000;
    /** Bounds of the slow round's full node reads per scan (about 7 small files each). */
    public static final int SLOW_NODES_MIN = 50;
    public static final int NODES_PER_SCAN = 250;
    /** Files a scan aims to read at most, outside changes; sized in {@code docs/benchmarks.md}. */
    public static final int FILES_PER_SCAN = 5500;
    /** Files of one full node read, for the slow round's budget. */
    private static final int FILES_PER_NODE = 7;
    /** Files read at every scan per local MDT, at most: its LOD's two lists and five totals, recovery_status, eviction_count. */
    private static final int FILES_PER_LOCAL_MDT = 9;
    private static final String[] LOD_LISTS = {"target_obd", "mdt_obd"};
    /** A LOD with no other MDT to list (no MDT-facing OSP at the last inventory) reads target_obd only. */
    private static final String[] OST_LIST = {"target_obd"};
    /** Default of {@code inodewarn}. */
    public static final double DEFAULT_INODE_WARN = 10;
    /**
     * Scans between inventory rebuilds (an hour at the default interval). New targets are found sooner,
     * through the LOD; removed ones when their folder is found gone.
     */
    static final int INVENTORY_SCANS = 720;

    private final ProcTree tree;
    private final InstantSource clock;
    private final NodeReader reader;
    private final StateTraps traps;
    private final ConnectionSignals connections;
    private final RateLimitedLog log = RateLimitedLog.perMinute(LustreState.class, 10);

    // Collector-thread state.
    private Inventory inventory = Inventory.empty();
    private final Map<String, Tracked> tracked = new HashMap<>();
    private Tracked[] round = new Tracked[0];
    private int cursor;
    /** The OSTs seen through an OSP with a prealloc_status file, for the fast round. */
    private Tracked[] fastRound = new Tracked[0];
    private Tracked[] locals = new Tracked[0];
    private int fastCursor;
    private final ArrayDeque<Tracked> urgent = new ArrayDeque<>();
    /** Nodes to read in full at the next scan: a tentative state waits for its second read. */
    private final List<Tracked> nextScan = new ArrayList<>();
    /** Each filesystem's LOD totals, by fsname; replaced at every scan. */
    private volatile Map<String, Space> lodSpaces = Map.of();
    /** The last text of each LOD file: an unchanged file need not be parsed again. */
    private final Map<String, String> lodTexts = new HashMap<>();
    private long scans;
    private boolean inventoryStale = true;
    /** Scan until which debugfs is not tried: this user may not read its import files. */
    private long debugfsDeniedUntil;
    private HealthCheck announcedHealth;

    /** Nodes a console line named since the last scan, each once: read in full at the next one. */
    private final ConcurrentLinkedQueue<PublishedStatus> signalled = new ConcurrentLinkedQueue<>();

    // Published for XML-RPC threads.
    private volatile boolean lastScanSucceeded;
    /** Each node's status and console mark, by name (the kernel log's thread marks nodes in it). */
    private final ConcurrentHashMap<String, PublishedStatus> statuses = new ConcurrentHashMap<>();
    private volatile Inventory published = Inventory.empty();
    private volatile Optional<HealthCheck> health = Optional.empty();

    /** The collector's view of one node, beyond what it publishes. */
    private static final class Tracked {
        final Inventory.Node node;
        /** What the LOD said at the last scan; null when it does not list the node. */
        Boolean lodActive;
        /** The condition the last trap (or the first read) announced; null before the first read. */
        Condition announced;
        boolean spaceLow;
        boolean inodesLow;
        /** A precreate error (prealloc_status -30...) was announced. */
        boolean createError;
        /** The last prealloc_status seen, by the fast or a full read; null before. */
        Integer prealloc;
        /**
         * The fast round's read before the last change of prealloc_status showed the OST connected (0 or
         * ENOSPC): a node not yet read in full that then stops responding was seen to go.
         */
        boolean connectedAtFastRead;
        /** The fast round's last read of prealloc_status gave a value. */
        boolean preallocRead;
        /** The last recovery_status read gave a known status (local MDTs). */
        boolean recoveryRead;
        /** The last eviction_count read gave a value (local MDTs). */
        boolean evictionsRead;
        /** The scan in which the fast round last read prealloc_status successfully. */
        long preallocScan = -1;
        /** eviction_count was found absent (before 2.16): not read again until the next inventory. */
        boolean noEvictionFile;
        /** Whether the last recovery_status read showed a recovery in progress (local MDTs). */
        boolean recovering;
        boolean lastTentative;
        boolean queued;
        long readInScan = -1;
        /** The unexpected read error of the last read, logged when it appears and when it clears; "" when none. */
        String error = "";
        /**
         * The NID the listener holds this node lost at (told by a read, or by the console line a read then
         * confirmed); null while it holds it responding.
         */
        String lostNid;

        Tracked(Inventory.Node node) {
            this.node = node;
        }
    }

    /** The state of the trees under the settings' root, as this host sees them. */
    public static LustreState of(LustreSettings settings, InstantSource clock) {
        return of(settings, clock, ConnectionSignals.NONE);
    }

    /** The same, telling {@code connections} of the losses and restorations its reads discover. */
    public static LustreState of(LustreSettings settings, InstantSource clock, ConnectionSignals connections) {
        return new LustreState(new FileProcTree(settings.root()), clock, settings.spaceWarnPercent(),
                settings.inodeWarnPercent(), LocalHost.name(), connections);
    }

    /** With the default {@code inodewarn}. */
    public LustreState(ProcTree tree, InstantSource clock, double spaceWarnPercent, String host) {
        this(tree, clock, spaceWarnPercent, DEFAULT_INODE_WARN, host);
    }

    public LustreState(ProcTree tree, InstantSource clock, double spaceWarnPercent, double inodeWarnPercent,
                       String host) {
        this(tree, clock, spaceWarnPercent, inodeWarnPercent, host, ConnectionSignals.NONE);
    }

    /** @param connections told of the losses and restorations the reads discover (see the class comment) */
    public LustreState(ProcTree tree, InstantSource clock, double spaceWarnPercent, double inodeWarnPercent,
                       String host, ConnectionSignals connections) {
        this.tree = tree;
        this.clock = clock;
        this.connections = connections;
        this.reader = new NodeReader(tree);
        this.traps = new StateTraps(TrapIds.newRun(host), spaceWarnPercent, inodeWarnPercent);
    }

    /**
     * One scan. Returns the traps the changes it saw raise; never throws for a broken tree, so it cannot
     * stop the collector. An Error (out of memory) passes, and the scan counts as failed.
     */
    public List<Trap> scan() {
        List<Trap> raised = new ArrayList<>();
        long now = clock.instant().getEpochSecond();
        scans++;
        boolean completed = false;
        try {
            if (inventoryStale || inventory.isEmpty() || scans % INVENTORY_SCANS == 0) {
                refreshInventory();
            }
            checkHealth(now, raised);
            readLods();
            readLodSpaces();
            readFast();
            queueSignalled();
            readNodes(now, raised);
            readRecoveries(now, raised);
            completed = true;
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, "Lustre scan failed; trying again next interval: " + e);
            LOG.log(Level.FINE, "Lustre scan failure", e);
        } finally {
            lastScanSucceeded = completed;
        }
        return raised;
    }

    /** Releases the folders the tree holds open (a later scan opens them again). */
    public void close() {
        tree.close();
    }

    private void refreshInventory() {
        Inventory next = Inventory.discover(tree, log, scans >= debugfsDeniedUntil);
        inventoryStale = false;
        Map<String, Tracked> kept = new HashMap<>();
        List<Tracked> order = new ArrayList<>(next.nodes.size());
        for (Inventory.Node node : next.nodes.values()) {
            String name = node.target().name();
            Tracked t = tracked.get(name);
            if (t == null || !t.node.equals(node)) {
                Tracked fresh = new Tracked(node);
                if (t != null) {
                    fresh.announced = t.announced;
                    fresh.spaceLow = t.spaceLow;
                    fresh.inodesLow = t.inodesLow;
                    fresh.createError = t.createError;
                    fresh.prealloc = t.prealloc;
                    fresh.recovering = t.recovering;
                    fresh.lastTentative = t.lastTentative;
                    fresh.lostNid = t.lostNid;
                }
                t = fresh;
                if (node.local()) {
                    queue(t);
                } else if (t.announced == null) {
                    publishUnread(t); // until the round reaches it, or its LOD flags it inactive
                }
            }
            kept.put(name, t);
            order.add(t);
        }
        tracked.forEach((gone, t) -> {
            if (!kept.containsKey(gone)) {
                statuses.remove(gone);
                if (t.lostNid != null) {
                    // Gone from this MDS: no read will see it come back, so its loss ends here.
                    connections.connectionRestored(gone, t.lostNid, clock.instant().getEpochSecond());
                }
                LOG.info(() -> "Lustre node " + gone + " is no longer on this MDS");
            }
        });
        urgent.removeIf(t -> kept.get(t.node.target().name()) != t);
        nextScan.removeIf(t -> kept.get(t.node.target().name()) != t);
        tracked.clear();
        tracked.putAll(kept);
        round = order.toArray(new Tracked[0]);
        cursor = round.length == 0 ? 0 : cursor % round.length;
        fastRound = order.stream().filter(t -> !t.node.local() && t.node.target().type() == NodeType.OST
                && t.node.files().valuesRoot() != null).toArray(Tracked[]::new);
        fastCursor = fastRound.length == 0 ? 0 : fastCursor % fastRound.length;
        locals = order.stream().filter(t -> t.node.local()).toArray(Tracked[]::new);
        for (Tracked t : locals) {
            t.noEvictionFile = false; // an upgraded module may have added it
        }
        if (next.nodes.size() != inventory.nodes.size() || !next.fileSystems.equals(inventory.fileSystems)) {
            LOG.info(() -> "Lustre: " + next.fileSystems.size() + " filesystem(s) "
                    + (next.fileSystems.size() <= 10 ? next.fileSystems : next.fileSystems.subList(0, 10) + "...")
                    + ", " + next.nodes.size() + " node(s)");
        }
        inventory = next;
        published = next;
        lodTexts.clear();
    }

    private void queue(Tracked t) {
        if (!t.queued) {
            t.queued = true;
            urgent.add(t);
        }
    }

    private void checkHealth(long now, List<Trap> raised) {
        Optional<HealthCheck> current = reader.readHealth();
        health = current;
        if (current.isEmpty()) {
            return;
        }
        HealthCheck h = current.get();
        boolean changed = announcedHealth == null ? h != HealthCheck.HEALTHY : h != announcedHealth;
        if (changed) {
            raised.addAll(traps.health(h, inventory.fileSystems, now));
        }
        announcedHealth = h;
    }

    /** Reads every local LOD's target lists; a target whose flag changed is read at this scan. */
    private void readLods() {
        for (Inventory.Lod lod : inventory.lods) {
            for (String file : lod.seesMdts() ? LOD_LISTS : OST_LIST) {
                String path = lod.folder() + "/" + file;
                String text;
                try {
                    // A file read last time is read again without its type check (ProcTree.reread).
                    text = lodTexts.containsKey(path) ? tree.reread(ProcRoot.PROCFS, path) : tree.read(ProcRoot.PROCFS, path);
                } catch (ProcReadException e) {
                    lodTexts.remove(path);
                    if (e.error() != ProcError.NOT_FOUND) {
                        log.log(Level.WARNING, "Cannot read " + e.getMessage());
                    }
                    continue;
                }
                if (text.equals(lodTexts.get(path))) {
                    // Keep the old copy: the one just read then dies young, instead of a new copy every scan
                    // being promoted and bringing the serial collector's full collections
                    // (docs/benchmarks.md, "Memory").
                    continue;
                }
                lodTexts.put(path, text);
                TargetObd.parse(text).forEach((name, active) -> {
                    Tracked t = tracked.get(name);
                    if (t == null) {
                        inventoryStale = true; // a target added since the last listing
                    } else if (!t.node.local() && t.node.osp().mdtIndex() == lod.mdtIndex()
                            && !active.equals(t.lodActive)) {
                        boolean firstSight = t.lodActive == null;
                        t.lodActive = active;
                        if (t.announced == null) {
                            publishUnread(t);
                        }
                        if (!firstSight || !active || t.announced != null) {
                            queue(t);
                        }
                    }
                });
            }
        }
    }

    /** Each filesystem's totals from its lowest local MDT's LOD (the LODs are in MDT order). */
    private void readLodSpaces() {
        Map<String, Space> spaces = new HashMap<>();
        for (Inventory.Lod lod : inventory.lods) {
            if (!spaces.containsKey(lod.fsName()) && lod.valuesRoot() != null) {
                Space last = lodSpaces.get(lod.fsName());
                spaces.put(lod.fsName(), reader.readLodSpace(lod.valuesRoot(), lod.folder(), last != null && last.complete()));
            }
        }
        lodSpaces = Map.copyOf(spaces);
    }

    /**
     * Every local MDT's recovery_status and eviction_count, at every scan: a trap when a recovery starts and
     * when it ends.
     */
    private void readRecoveries(long now, List<Trap> raised) {
        for (Tracked t : locals) {
            Recovery r = reader.readRecovery(t.node.target(), t.recoveryRead);
            t.recoveryRead = r.known();
            long read = t.noEvictionFile ? NodeReader.ABSENT : reader.readEvictions(t.node.target(), t.evictionsRead);
            t.evictionsRead = read >= 0;
            t.noEvictionFile = read == NodeReader.ABSENT;
            long evictions = Math.max(read, -1);
            PublishedStatus published = statuses.get(t.node.target().name());
            if (published != null) {
                published.update(s -> s.withLocalCounters(r, evictions));
            }
            if (!r.known()) {
                continue; // absent or unreadable: nothing to announce, the last announcement stands
            }
            if (r.inProgress() != t.recovering) {
                t.recovering = r.inProgress();
                raised.add(traps.recovery(t.node.target(), r, now));
            }
        }
    }

    /**
     * The fast round: the next OSTs' prealloc_status. A node whose value changed (or that shows a failure at
     * its first read) is read in full at this scan.
     */
    private void readFast() {
        if (fastRound.length == 0) {
            return;
        }
        int budget = Math.min(fastRound.length, fastReadsPerScan(fastRound.length));
        for (int i = 0; i < budget; i++) {
            Tracked t = fastRound[fastCursor];
            fastCursor = (fastCursor + 1) % fastRound.length;
            Integer value = reader.readPrealloc(t.node.files(), t.preallocRead);
            t.preallocRead = value != null && value != NodeReader.UNREADABLE;
            if (value == null) {
                continue;
            }
            boolean changed = t.prealloc == null ? value != 0 : !value.equals(t.prealloc);
            if (changed) {
                t.connectedAtFastRead = t.prealloc != null && (t.prealloc == 0 || t.prealloc == NodeReader.ENOSPC);
            }
            t.prealloc = value;
            t.preallocScan = value == NodeReader.UNREADABLE ? -1 : scans;
            if (changed) {
                queue(t);
            }
        }
    }

    static int fastReadsPerScan(int osts) {
        return Math.max(FAST_READS_MIN, (osts + FAST_ROUND_SCANS - 1) / FAST_ROUND_SCANS);
    }

    /** The slow round's node reads for this many nodes and OSTs, so that a scan stays near {@link #FILES_PER_SCAN}. */
    static int slowNodesPerScan(int osts, int lods) {
        int left = FILES_PER_SCAN - Math.min(osts, fastReadsPerScan(osts)) - lods * FILES_PER_LOCAL_MDT;
        return Math.max(SLOW_NODES_MIN, Math.min(NODES_PER_SCAN, left / FILES_PER_NODE));
    }

    /** Changed nodes first (their reads count against the slow round's budget), then the slow round. */
    private void readNodes(long now, List<Trap> raised) {
        int budget = slowNodesPerScan(fastRound.length, inventory.lods.size());
        for (int done = 0; done < URGENT_PER_SCAN && !urgent.isEmpty(); done++) {
            Tracked t = urgent.poll();
            t.queued = false;
            read(t, now, raised);
            budget--;
        }
        for (int seen = 0; budget > 0 && seen < round.length; seen++) {
            Tracked t = round[cursor];
            cursor = (cursor + 1) % round.length;
            if (t.readInScan != scans) {
                read(t, now, raised);
                budget--;
            }
        }
        nextScan.forEach(this::queue);
        nextScan.clear();
    }

    /** Publishes a node's status; the console's mark on it, if any, stands. Scan thread only. */
    private void publish(String name, NodeStatus status) {
        PublishedStatus published = statuses.get(name);
        if (published == null) {
            statuses.put(name, new PublishedStatus(name, status));
        } else {
            published.set(status);
        }
    }

    /** A node not read yet still gets a status, from its LOD flag, so every node can be asked about. */
    private void publishUnread(Tracked t) {
        TargetName target = t.node.target();
        boolean inactive = Boolean.FALSE.equals(t.lodActive);
        publish(target.name(), new NodeStatus(target.name(), target.fsName(), target.type(), false,
                inactive ? Condition.NOT_RESPONDING : Condition.RESPONDING,
                t.lodActive == null ? "UNKNOWN" : inactive ? "INACTIVE" : "ACTIVE", "target_obd",
                Space.UNKNOWN, "", clock.instant().getEpochSecond(), 0, "", t.prealloc, -1, Recovery.UNKNOWN));
    }

    private void read(Tracked t, long now, List<Trap> raised) {
        t.readInScan = scans;
        Inventory.Node node = t.node;
        NodeReading reading = node.local() ? reader.readLocal(node.files())
                : reader.readOsp(node.osp(), node.files(), t.lodActive, t.preallocScan == scans ? t.prealloc : null);
        if (reading.vanished()) {
            inventoryStale = true;
            return;
        }
        if (reading.importDenied() && scans >= debugfsDeniedUntil) {
            // Not root, yet the folder could be listed: leave debugfs alone until a later inventory.
            debugfsDeniedUntil = scans + INVENTORY_SCANS;
            inventoryStale = true;
            LOG.info("Lustre: debugfs import files are not readable by this user; using sysfs and /proc");
        }
        TargetName target = node.target();
        PublishedStatus published = statuses.get(target.name());
        NodeStatus before = published == null ? null : published.status();
        boolean changed = before == null || before.lastRead() == 0 || before.condition() != reading.condition()
                || !before.state().equals(reading.state());
        NodeStatus after = new NodeStatus(target.name(), target.fsName(), target.type(), node.local(),
                reading.condition(), reading.state(), reading.signal(), reading.space(), reading.nid(),
                changed ? now : before.since(), now, reading.error(), reading.prealloc(),
                before == null ? -1 : before.evictions(), before == null ? Recovery.UNKNOWN : before.recovery());
        boolean consoleMarked = false;
        if (published == null) {
            publish(target.name(), after);
        } else {
            consoleMarked = published.publishRead(after, CONNECTION_STATE_FILES.contains(reading.signal()));
        }
        noteError(t, reading.error());
        if (reading.prealloc() != null) {
            t.prealloc = reading.prealloc();
        }
        if (reading.condition() == Condition.UNKNOWN) {
            return; // nothing known to announce; the last announced condition stands
        }

        // prealloc_status -11 alone is "not connected yet"; it is a failure once a second read still shows it.
        Condition confirmed = reading.tentative() && !t.lastTentative
                ? (t.announced == null ? Condition.RESPONDING : t.announced) : reading.condition();
        if (reading.tentative() && !t.lastTentative) {
            nextScan.add(t); // the second read decides, at the next scan
        }
        t.lastTentative = reading.tentative();
        if (t.announced == null ? confirmed == Condition.NOT_RESPONDING : confirmed != t.announced) {
            raised.add(traps.condition(after, t.announced, now));
        }
        tellConnection(t, confirmed, consoleMarked, before == null ? "" : before.nid(), after.nid(), now);
        t.announced = confirmed;
        Boolean low = traps.spaceLow(after, t.spaceLow);
        if (low != null) {
            raised.add(traps.space(after, low, now));
            t.spaceLow = low;
        }
        Boolean inodesLow = traps.inodesLow(after, t.inodesLow);
        if (inodesLow != null) {
            raised.add(traps.inodes(after, inodesLow, now));
            t.inodesLow = inodesLow;
        }
        Integer prealloc = reading.prealloc();
        if (!t.createError && NodeReader.createError(prealloc)) {
            t.createError = true;
            raised.add(traps.createError(after, prealloc, now));
        } else if (t.createError && prealloc != null && (prealloc == 0 || prealloc == NodeReader.ENOSPC)) {
            t.createError = false;
            raised.add(traps.createRecovered(after, now));
        }
    }

    /**
     * Tells the listener of a loss this read discovered (the node responded at the last announcement, or, not
     * yet read in full, at the fast round's read before; not when a console line told it first) with the NID
     * it was reached at: the last read's when known, else the one this read shows; and of the end
     * of a loss the listener holds (responding again, or deactivated by an administrator).
     */
    private void tellConnection(Tracked t, Condition confirmed, boolean consoleMarked, String nidBefore,
                                String nidNow, long now) {
        if (confirmed == Condition.NOT_RESPONDING) {
            boolean responded = t.announced == Condition.RESPONDING || t.announced == null && t.connectedAtFastRead;
            if (responded && t.lostNid == null) {
                t.lostNid = nidBefore.isEmpty() ? nidNow : nidBefore;
                if (!consoleMarked) {
                    connections.connectionLost(t.node.target().name(), t.lostNid, now);
                }
            }
        } else if (t.lostNid != null) {
            connections.connectionRestored(t.node.target().name(), t.lostNid, now);
            t.lostNid = null;
        }
    }

    /** Logs a node's unexpected read error once when it appears (or changes), and once when it clears. */
    private void noteError(Tracked t, String error) {
        if (error.equals(t.error)) {
            return;
        }
        String name = t.node.target().name();
        if (error.isEmpty()) {
            LOG.info(() -> "Lustre: " + name + " can be read again");
        } else {
            LOG.warning(() -> "Lustre: cannot read " + error + "; the state of " + name
                    + " is UNKNOWN until it can be read");
        }
        t.error = error;
    }

    // ---- Signals from the kernel log's console lines (its thread).

    /** The files whose reading shows the state of the connection itself, not cached values. */
    private static final Set<String> CONNECTION_STATE_FILES = Set.of("import", "prealloc_status");

    /**
     * Shows {@code target} not responding at once (signal {@code console}), and has its files read in full at
     * the next scan. A target this MDS does not know (an MGC's MGS, another server's) is left alone.
     */
    @Override
    public void connectionLost(String target, long when) {
        PublishedStatus published = statuses.get(target);
        if (published != null && published.consoleLost(when)) {
            signalled.add(published);
        }
    }

    /** Ends the console's mark of {@code target}; its files are read in full at the next scan. */
    @Override
    public void connectionRestored(String target, long when) {
        PublishedStatus published = statuses.get(target);
        if (published != null && published.consoleRestored(when)) {
            signalled.add(published);
        }
    }

    /** On the scan's thread: the targets console lines named are read in full in this scan. */
    private void queueSignalled() {
        for (PublishedStatus p = signalled.poll(); p != null; p = signalled.poll()) {
            p.taken();
            Tracked t = tracked.get(p.name());
            if (t != null) {
                queue(t);
            }
        }
    }

    // ---- Answers for XML-RPC, from memory.

    /** Files that failed with an unexpected error (not a regular file, EACCES, EIO), one count per failed read. */
    public long unreadableFiles() {
        return reader.unreadable();
    }

    /** Whether the last scan ran to its end; false before the first. */
    public boolean lastScanSucceeded() {
        return lastScanSucceeded;
    }

    /** The fsnames of this MDS's MDTs, sorted. */
    public List<String> fileSystems() {
        return published.fileSystems;
    }

    /** The nodes of a filesystem (all nodes for an empty name); empty for an unknown filesystem. */
    public List<String> nodeNames(String fsName) {
        Inventory inv = published;
        if (fsName.isEmpty()) {
            List<String> all = new ArrayList<>(inv.nodes.size());
            inv.nodesByFileSystem.values().forEach(all::addAll);
            return all;
        }
        return inv.nodesByFileSystem.getOrDefault(fsName, List.of());
    }

    public Optional<NodeStatus> node(String name) {
        PublishedStatus published = statuses.get(name);
        return published == null ? Optional.empty() : Optional.of(published.status());
    }

    public Optional<HealthCheck> health() {
        return health;
    }

    public Optional<FileSystemSummary> fileSystem(String fsName) {
        List<String> names = published.nodesByFileSystem.get(fsName);
        if (names == null) {
            return Optional.empty();
        }
        int osts = 0;
        int responding = 0;
        List<String> notResponding = new ArrayList<>();
        List<String> deactivated = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        SpaceSum ostSpace = new SpaceSum();
        SpaceSum mdtSpace = new SpaceSum();
        long evictions = -1;
        for (String name : names) {
            PublishedStatus published = statuses.get(name);
            if (published == null) {
                continue;
            }
            NodeStatus s = published.status();
            if (s.evictions() >= 0) {
                evictions = Math.max(evictions, 0) + s.evictions();
            }
            switch (s.condition()) {
                case RESPONDING -> responding++;
                case NOT_RESPONDING -> notResponding.add(name);
                case DEACTIVATED -> deactivated.add(name);
                case UNKNOWN -> unknown.add(name);
            }
            if (s.type() == NodeType.OST) {
                osts++;
                ostSpace.add(s.space());
            } else {
                mdtSpace.add(s.space());
            }
        }
        return Optional.of(new FileSystemSummary(fsName, names.size(), osts, responding, List.copyOf(notResponding),
                List.copyOf(deactivated), List.copyOf(unknown), ostSpace.total(), mdtSpace.total(),
                health.map(HealthCheck::text).orElse(""), lodSpaces.getOrDefault(fsName, Space.UNKNOWN), evictions));
    }

    /** Sums of known values; a value unknown on every node stays -1. */
    private static final class SpaceSum {
        private final long[] sums = {-1, -1, -1, -1, -1};

        void add(Space s) {
            long[] v = {s.kbytesTotal(), s.kbytesFree(), s.kbytesAvail(), s.filesTotal(), s.filesFree()};
            for (int i = 0; i < v.length; i++) {
                if (v[i] >= 0) {
                    sums[i] = Math.max(sums[i], 0) + v[i];
                }
            }
        }

        Space total() {
            return new Space(sums[0], sums[1], sums[2], sums[3], sums[4]);
        }
    }
}
