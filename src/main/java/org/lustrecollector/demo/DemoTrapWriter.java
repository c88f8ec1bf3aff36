package org.lustrecollector.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Writes realistic traps into a trap file, as a Lustre MDS with trap support would: a trickle of mixed
 * events over several filesystems and nodes, and now and then a storm as when a router fails: every OST
 * behind it loses its connection at once and the clients' operations on them time out, until the router
 * is back and they reconnect. Used by the demo mode and by tests. When the demo writes a kernel log, the
 * router failure's connection losses and restorations are told there only ({@link DemoConsoleWriter}), and
 * this writer adds the clients' side of the storm ({@link #writeClientFailures}), so that no loss is in the
 * trap list twice; without one, {@link #writeRouterStorm} and {@link #writeRouterBack} tell it in the trap file.
 */
public final class DemoTrapWriter {
    static final List<String> FILESYSTEMS = List.of("lustre", "scratch", "home", "proj01");
    static final int OSTS_PER_FS = 64;

    /** Routers in front of a filesystem's OSTs; OST i is behind router i % ROUTERS. */
    static final int ROUTERS = 8;

    /*
     * The everyday mix: events that change no target's state. A target that goes down, comes back or fills
     * up is told by the demo's Lustre tree (the collector's own traps) and by the router failures, so the
     * map, the status and the trap list tell the same story.
     */
    private static final String[][] EVENTS = {
        // category, message
        {"0", "Recovery complete on %s"},
        {"1", "%s: operation ost_write failed: rc = -110"},
        {"1", "%s: slow reply, took %d s"},
        {"2", "%s: client evicted"},
    };

    /** A failed router: the filesystem and the OSTs behind it, which lose their connection until it is back. */
    public record RouterFailure(String fs, int router, List<String> osts) {
        /** The LNet network of the servers behind the router ({@link DemoFabric}). */
        public String network() {
            return DemoFabric.network(fs, router);
        }
    }

    private final Path file;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final String idPrefix;
    private long nextId;

    public DemoTrapWriter(Path file, InstantSource clock, RandomGenerator random) {
        this.file = file;
        this.clock = clock;
        this.random = random;
        this.idPrefix = "demo-" + Long.toHexString(clock.millis()) + "-";
    }

    public static DemoTrapWriter withSeed(Path file, long seed) {
        return new DemoTrapWriter(file, InstantSource.system(), new Random(seed));
    }

    /**
     * Appends {@code count} traps of the everyday mix. No Fatal one: an LBUG would make the server
     * unhealthy, which the demo tree does not show.
     */
    public void writeTrickle(int count) throws IOException {
        StringBuilder out = new StringBuilder(count * 120);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(100);
            String[] event = pick < 30 ? EVENTS[0] : pick < 60 ? EVENTS[1] : pick < 90 ? EVENTS[2] : EVENTS[3];
            String fs = FILESYSTEMS.get(random.nextInt(FILESYSTEMS.size()));
            String node = ostName(fs, random.nextInt(OSTS_PER_FS));
            appendLine(out, event[0], fs, node, format(event[1], node));
        }
        append(out);
    }

    /**
     * A router of one filesystem fails: each OST behind it loses its connection (one Critical trap each),
     * and the clients' operations on them time out, {@code traps} traps in all, in one write.
     *
     * @return the failure, to {@link #writeRouterBack} later
     */
    public RouterFailure writeRouterStorm(int traps) throws IOException {
        RouterFailure failure = failRouter();
        writeRouterStorm(failure, traps);
        return failure;
    }

    /** The same for a failure picked by {@link #failRouter}. */
    public void writeRouterStorm(RouterFailure failure, int traps) throws IOException {
        StringBuilder out = new StringBuilder(traps * 160);
        for (String node : failure.osts()) {
            appendLine(out, "2", failure.fs(), node, "Connection to " + node + " (at " + nid(failure.fs(), node)
                    + ") was lost; in progress operations using this service will wait for recovery to complete");
        }
        clientFailures(out, failure, failure.osts().size(), traps);
        append(out);
    }

    /** Picks the router that fails: one of {@link #ROUTERS} of a random filesystem. Writes nothing. */
    public RouterFailure failRouter() {
        String fs = FILESYSTEMS.get(random.nextInt(FILESYSTEMS.size()));
        int router = random.nextInt(ROUTERS);
        return new RouterFailure(fs, router, DemoFabric.ostsBehind(fs, router));
    }

    /**
     * The clients' side of a router failure whose connection losses the kernel log tells: {@code traps}
     * Warning traps of operations on the OSTs behind it that time out, in one write, and no connection trap.
     */
    public void writeClientFailures(RouterFailure failure, int traps) throws IOException {
        StringBuilder out = new StringBuilder(traps * 120);
        clientFailures(out, failure, 0, traps);
        append(out);
    }

    private void clientFailures(StringBuilder out, RouterFailure failure, int from, int to) {
        List<String> osts = failure.osts();
        for (int i = from; i < to; i++) {
            String node = osts.get(i % osts.size());
            appendLine(out, "1", failure.fs(), node, node + ": operation ost_write failed: rc = -110 (client 10.8."
                    + (i / 250 % 250) + "." + (i % 250) + "@o2ib)");
        }
    }

    /** The router is back: each OST behind it is reconnected (one Info trap each). */
    public void writeRouterBack(RouterFailure failure) throws IOException {
        StringBuilder out = new StringBuilder(failure.osts().size() * 120);
        for (String node : failure.osts()) {
            appendLine(out, "0", failure.fs(), node, "Connection restored to " + node + " (at "
                    + nid(failure.fs(), node) + ")");
        }
        append(out);
    }

    private static String nid(String fs, String node) {
        return DemoFabric.nid(fs, DemoFabric.index(node));
    }

    private String format(String template, String node) {
        return String.format(template, node, random.nextInt(8), random.nextInt(256), random.nextInt(250))
                .replace("took 0 s", "took 31 s");
    }

    private void appendLine(StringBuilder out, String category, String fs, String node, String message) {
        out.append(idPrefix).append(nextId++).append('\t')
                .append(clock.instant().getEpochSecond()).append('\t')
                .append(category).append('\t')
                .append(fs).append('\t')
                .append(node).append('\t')
                .append(message).append('\n');
    }

    static String ostName(String fs, int index) {
        return String.format("%s-OST%04x", fs, index);
    }

    private void append(CharSequence lines) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            w.append(lines);
        }
    }
}
