package org.lustrecollector.bench;

import java.nio.charset.StandardCharsets;

/**
 * Trap-file lines of a router failure: one Critical "connection lost" trap per OST, over the benchmark's
 * 100 filesystems of 1,000 OSTs each (the names of the fixture tree), as the Lustre kernel writes them.
 * About 170 bytes a line, the length of the demo's storm lines.
 */
final class StormLines {
    static final int FILESYSTEMS = 100;
    static final int OSTS = 1000;

    private StormLines() {
    }

    /** {@code count} lines with ids {@code <idPrefix><n>}, all of time {@code epochSeconds}. */
    static byte[] storm(String idPrefix, int count, long epochSeconds) {
        StringBuilder out = new StringBuilder(count * 180);
        for (int i = 0; i < count; i++) {
            appendLine(out, idPrefix + i, epochSeconds, i);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same lines as {@link #storm}, one string each, without the newline. */
    static String[] lines(String idPrefix, int count, long epochSeconds) {
        String[] lines = new String[count];
        StringBuilder out = new StringBuilder(200);
        for (int i = 0; i < count; i++) {
            out.setLength(0);
            appendLine(out, idPrefix + i, epochSeconds, i);
            out.setLength(out.length() - 1);
            lines[i] = out.toString();
        }
        return lines;
    }

    /** One line, newline included. */
    static byte[] line(String id, long epochSeconds, int index) {
        StringBuilder out = new StringBuilder(200);
        appendLine(out, id, epochSeconds, index);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same {@code count} losses as kernel-log lines, as rsyslog writes an MDS's console
     * ({@code RSYSLOG_FileFormat}) in the wording of {@code ptlrpc_set_import_discon()}
     * ({@code lustre/ptlrpc/import.c} v2_15_0), each OST reached through MDT0000's OSP at the NID of one of
     * {@link #SERVERS} servers of network {@code o2ib}: a router failure, one network outage.
     */
    static byte[] consoleLost(int count, long epochSeconds) {
        return console(count, epochSeconds, false);
    }

    /** The connections of {@link #consoleLost} restored ({@code ptlrpc_connect_interpret()}, same file and tag). */
    static byte[] consoleRestored(int count, long epochSeconds) {
        return console(count, epochSeconds, true);
    }

    /** Servers behind the router of {@link #consoleLost}: OST {@code n} of every filesystem is at server {@code n % SERVERS}. */
    static final int SERVERS = 400;

    private static byte[] console(int count, long epochSeconds, boolean restored) {
        String iso = java.time.Instant.ofEpochSecond(epochSeconds).toString();
        String stamp = iso.substring(0, iso.length() - 1) + ".000000+00:00 mds1 kernel: Lustre: ";
        StringBuilder out = new StringBuilder(count * 200);
        for (int i = 0; i < count; i++) {
            String node = ostName(fileSystem(i), (i / FILESYSTEMS) % OSTS);
            int server = (i / FILESYSTEMS) % OSTS % SERVERS;
            String nid = "10.3." + server / 250 + "." + (server % 250 + 1) + "@o2ib";
            out.append(stamp).append(node).append("-osc-MDT0000: ");
            if (restored) {
                out.append("Connection restored to ").append(nid).append(" (at ").append(nid).append(")\n");
            } else {
                out.append("Connection to ").append(node).append(" (at ").append(nid)
                        .append(") was lost; in progress operations using this service will wait for recovery to complete\n");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String fileSystem(int index) {
        int fs = index % FILESYSTEMS;
        return "fs" + (char) ('0' + fs / 100) + (char) ('0' + fs / 10 % 10) + (char) ('0' + fs % 10);
    }

    /**
     * {@code <fs>-OST<4 hex digits>}, as Lustre names targets; built by hand, since String.format would be most of
     * the cost of making a storm.
     */
    private static String ostName(String fs, int ost) {
        String hex = Integer.toHexString(ost);
        return fs + "-OST" + "0000".substring(hex.length()) + hex;
    }

    private static void appendLine(StringBuilder out, String id, long epochSeconds, int index) {
        String fs = fileSystem(index);
        int ost = (index / FILESYSTEMS) % OSTS;
        String node = ostName(fs, ost);
        out.append(id).append('\t').append(epochSeconds).append("\tCRITICAL\t").append(fs).append('\t')
                .append(node).append("\tConnection to ").append(node).append(" (at 10.3.").append(ost / 250)
                .append('.').append(ost % 250)
                .append("@o2ib) was lost; in progress operations using this service will wait for recovery to complete\n");
    }
}
