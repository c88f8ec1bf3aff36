package org.lustrecollector.metrics;

import static org.lustrecollector.metrics.CollectorMetrics.PREFIX;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.lustrecollector.lustre.Condition;
import org.lustrecollector.lustre.LustreState;
import org.lustrecollector.lustre.NodeStatus;
import org.lustrecollector.lustre.Space;

/**
 * The families with a series per Lustre target (MDT or OST), written straight as exposition text (the
 * same lines in the Prometheus 0.0.4 and OpenMetrics formats: gauges with integer values). Space is in
 * bytes (Lustre counts kilobytes), inodes in counts; a value Lustre did not give is left out rather than
 * shown as -1. Never per client, NID or job.
 *
 * <p>An MDS can see 100,000 targets, and a full scrape is then most of a million lines; the data model of
 * the Prometheus client would hold an object per line. Instead the lines of each family and filesystem
 * are written here, and for gzip kept compressed as a gzip member of their own, until a target of that
 * filesystem changes what it exports: a gzip stream may be a series of members (RFC 1952), and a scrape
 * sends the kept members of the filesystems that did not change since the last one. The Lustre scan
 * reads a bounded number of nodes at a time, so most filesystems are unchanged from scrape to scrape
 * (docs/benchmarks.md, "/metrics"). Thread-safe.
 */
final class TargetFamilies {
    /** One family: its name after the prefix and its help text. */
    private record Family(String name, String help) {
    }

    static final List<String> NAMES;
    private static final Family[] FAMILIES = {
        new Family("target_up", "1 when the target responds, 0 when it does not or was deactivated; absent while its files cannot be read"),
        new Family("target_deactivated", "1 when an administrator deactivated the target (active=0), else 0"),
        new Family("target_state", "1 for the target's state as Lustre shows it (import state FULL, DISCONN, ... or ACTIVE/INACTIVE)"),
        new Family("target_capacity_bytes", "The target's size (kbytestotal)"),
        new Family("target_free_bytes", "The target's free space (kbytesfree)"),
        new Family("target_available_bytes", "The target's space available to ordinary users (kbytesavail)"),
        new Family("target_inodes", "The target's inodes or objects (filestotal)"),
        new Family("target_inodes_free", "The target's free inodes or objects (filesfree)"),
    };
    private static final int UP = 0;
    private static final int DEACTIVATED = 1;
    private static final int STATE = 2;
    private static final int CAPACITY = 3;
    private static final int FREE = 4;
    private static final int AVAILABLE = 5;
    private static final int INODES = 6;
    private static final int INODES_FREE = 7;
    private static final long KILOBYTE = 1024;

    static {
        List<String> names = new ArrayList<>();
        for (Family f : FAMILIES) {
            names.add(PREFIX + f.name());
        }
        NAMES = List.copyOf(names);
    }

    private static final byte[][] HEADERS = new byte[FAMILIES.length][];
    private static final byte[][] GZIPPED_HEADERS = new byte[FAMILIES.length][];

    static {
        for (int f = 0; f < FAMILIES.length; f++) {
            String name = PREFIX + FAMILIES[f].name();
            HEADERS[f] = ("# HELP " + name + " " + FAMILIES[f].help() + "\n# TYPE " + name + " gauge\n")
                    .getBytes(StandardCharsets.UTF_8);
            GZIPPED_HEADERS[f] = gzip(HEADERS[f], HEADERS[f].length);
        }
    }

    /** A filesystem's targets as last exported, with each family's lines gzipped. */
    private record Block(NodeStatus[] nodes, byte[][] gzipped) {
    }

    private Map<String, Block> blocks = new HashMap<>();

    /**
     * The per-target families, gzipped, as the gzip members to send one after the other: each family's
     * header, then its lines of every filesystem in turn.
     */
    synchronized List<byte[]> gzipMembers(LustreState lustre) {
        List<String> fileSystems = lustre.fileSystems();
        Map<String, Block> next = new HashMap<>();
        Block[] ordered = new Block[fileSystems.size()];
        Lines lines = new Lines();
        for (int i = 0; i < ordered.length; i++) {
            String fs = fileSystems.get(i);
            NodeStatus[] now = statuses(lustre, fs);
            Block block = blocks.get(fs);
            if (block == null || !sameExport(block.nodes(), now)) {
                byte[][] gzipped = new byte[FAMILIES.length][];
                for (int f = 0; f < FAMILIES.length; f++) {
                    lines.reset();
                    for (NodeStatus s : now) {
                        lines.line(f, s);
                    }
                    gzipped[f] = gzip(lines.bytes(), lines.size());
                }
                block = new Block(now, gzipped);
            }
            next.put(fs, block);
            ordered[i] = block;
        }
        blocks = next;
        List<byte[]> members = new ArrayList<>(FAMILIES.length * (ordered.length + 1));
        for (int f = 0; f < FAMILIES.length; f++) {
            members.add(GZIPPED_HEADERS[f]);
            for (Block b : ordered) {
                members.add(b.gzipped()[f]);
            }
        }
        return members;
    }

    /** The per-target families as plain text, written each time (an uncompressed scrape keeps nothing). */
    static void writePlain(LustreState lustre, OutputStream out) throws IOException {
        List<String> fileSystems = lustre.fileSystems();
        List<NodeStatus[]> all = new ArrayList<>(fileSystems.size());
        for (String fs : fileSystems) {
            all.add(statuses(lustre, fs));
        }
        Lines lines = new Lines();
        for (int f = 0; f < FAMILIES.length; f++) {
            out.write(HEADERS[f]);
            for (NodeStatus[] nodes : all) {
                lines.reset();
                for (NodeStatus s : nodes) {
                    lines.line(f, s);
                }
                out.write(lines.bytes(), 0, lines.size());
            }
        }
    }

    private static NodeStatus[] statuses(LustreState lustre, String fs) {
        List<String> names = lustre.nodeNames(fs);
        List<NodeStatus> found = new ArrayList<>(names.size());
        for (String name : names) {
            lustre.node(name).ifPresent(found::add);
        }
        return found.toArray(new NodeStatus[0]);
    }

    /** Whether the two lists export the same lines: the same targets with the same condition, state and space. */
    private static boolean sameExport(NodeStatus[] before, NodeStatus[] now) {
        if (before.length != now.length) {
            return false;
        }
        for (int i = 0; i < now.length; i++) {
            NodeStatus a = before[i];
            NodeStatus b = now[i];
            if (a != b && (!a.name().equals(b.name()) || !a.fsName().equals(b.fsName())
                    || a.condition() != b.condition() || !a.state().equals(b.state())
                    || !Objects.equals(a.space(), b.space()))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] gzip(byte[] bytes, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 16));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(bytes, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** A reusable buffer of exposition lines. */
    private static final class Lines {
        private byte[] buf = new byte[64 * 1024];
        private int size;

        void reset() {
            size = 0;
        }

        byte[] bytes() {
            return buf;
        }

        int size() {
            return size;
        }

        /** The line of family {@code f} for one target; nothing when the target has no value for it. */
        void line(int f, NodeStatus s) {
            long value;
            Space space = s.space();
            switch (f) {
                case UP -> {
                    if (s.condition() == Condition.UNKNOWN) {
                        return;
                    }
                    value = s.responding() ? 1 : 0;
                }
                case DEACTIVATED -> value = s.condition() == Condition.DEACTIVATED ? 1 : 0;
                case STATE -> value = 1;
                case CAPACITY -> value = space.kbytesTotal() < 0 ? -1 : space.kbytesTotal() * KILOBYTE;
                case FREE -> value = space.kbytesFree() < 0 ? -1 : space.kbytesFree() * KILOBYTE;
                case AVAILABLE -> value = space.kbytesAvail() < 0 ? -1 : space.kbytesAvail() * KILOBYTE;
                case INODES -> value = space.filesTotal();
                case INODES_FREE -> value = space.filesFree();
                default -> throw new IllegalArgumentException("family " + f);
            }
            if (value < 0) {
                return;
            }
            ascii(PREFIX);
            ascii(FAMILIES[f].name());
            ascii("{fs=\"");
            escaped(s.fsName());
            if (f == STATE) {
                ascii("\",state=\"");
                escaped(s.state());
            }
            ascii("\",target=\"");
            escaped(s.name());
            ascii("\"} ");
            number(value);
            put((byte) '\n');
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        private void put(byte b) {
            ensure(1);
            buf[size++] = b;
        }

        private void ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        /** A label value: backslash, double quote and newline escaped, as both formats require; UTF-8. */
        private void escaped(String s) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '\\' || c == '"') {
                    put((byte) '\\');
                    put((byte) c);
                } else if (c == '\n') {
                    put((byte) '\\');
                    put((byte) 'n');
                } else if (c < 0x80) {
                    put((byte) c);
                } else {
                    byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                    if (Character.isHighSurrogate(c) && i + 1 < n) {
                        utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                        i++;
                    }
                    ensure(utf8.length);
                    System.arraycopy(utf8, 0, buf, size, utf8.length);
                    size += utf8.length;
                }
            }
        }

        private void number(long v) {
            if (v == 0) {
                put((byte) '0');
                return;
            }
            ensure(20);
            int start = size;
            while (v > 0) {
                buf[size++] = (byte) ('0' + v % 10);
                v /= 10;
            }
            for (int i = start, j = size - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }
    }
}
