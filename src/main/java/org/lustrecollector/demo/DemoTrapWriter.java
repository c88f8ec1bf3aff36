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
 * events over several filesystems and nodes, and now and then a storm of "connection lost" traps as when
 * a router fails and every OST behind it drops at once. Used by the demo mode and by tests.
 */
public final class DemoTrapWriter {
    static final List<String> FILESYSTEMS = List.of("lustre", "scratch", "home", "proj01");
    static final int OSTS_PER_FS = 64;

    private static final String[][] EVENTS = {
        // category, message
        {"0", "Connection restored to %s (at 10.%d.%d.%d@o2ib)"},
        {"0", "Recovery complete on %s"},
        {"1", "%s: available space below 5%%"},
        {"1", "%s: operation ost_write failed: rc = -110"},
        {"1", "%s: slow reply, took %d s"},
        {"2", "Connection to %s (at 10.%d.%d.%d@o2ib) was lost; in progress operations using this service will wait for recovery to complete"},
        {"2", "%s: client evicted"},
        {"3", "%s: LBUG: ASSERTION( obj != NULL ) failed"},
    };

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

    /** Appends {@code count} traps of the everyday mix; Fatal ones are rare, as in life. */
    public void writeTrickle(int count) throws IOException {
        StringBuilder out = new StringBuilder(count * 120);
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(100);
            String[] event = pick < 35 ? EVENTS[0] : pick < 50 ? EVENTS[1] : pick < 62 ? EVENTS[2]
                    : pick < 74 ? EVENTS[3] : pick < 84 ? EVENTS[4] : pick < 94 ? EVENTS[5]
                    : pick < 99 ? EVENTS[6] : EVENTS[7];
            String fs = FILESYSTEMS.get(random.nextInt(FILESYSTEMS.size()));
            String node = ostName(fs, random.nextInt(OSTS_PER_FS));
            appendLine(out, event[0], fs, node, format(event[1], node));
        }
        append(out);
    }

    /** Appends one "connection lost" trap for each of {@code nodes} OSTs of one filesystem, in one write. */
    public void writeRouterStorm(int nodes) throws IOException {
        String fs = FILESYSTEMS.get(random.nextInt(FILESYSTEMS.size()));
        int router = random.nextInt(8);
        StringBuilder out = new StringBuilder(nodes * 160);
        for (int i = 0; i < nodes; i++) {
            String node = ostName(fs, i);
            appendLine(out, "2", fs, node, "Connection to " + node + " (at 10." + router + "." + (i / 250) + "."
                    + (i % 250) + "@o2ib) was lost; in progress operations using this service will wait for recovery to complete");
        }
        append(out);
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
