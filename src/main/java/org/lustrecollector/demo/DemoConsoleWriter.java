package org.lustrecollector.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.lustrecollector.demo.lustretree.LustreTreeWriter;

/**
 * Writes the demo MDS's console lines of a router failure into a kernel-log file, as rsyslog writes them
 * ({@code RSYSLOG_FileFormat}: ISO time, host, {@code kernel:}), in Lustre 2.15's wording
 * ({@code docs/lustre-facts.md} section 11): the requests this MDS had in flight to the OSTs behind the router
 * time out ({@code ptlrpc_expire_one_request()}, {@code lustre/ptlrpc/client.c}), and each OST's import
 * prints that its connection was lost ({@code ptlrpc_set_import_discon()}, {@code lustre/ptlrpc/import.c},
 * with the NID of {@link DemoFabric}); when the router is back, each prints {@code Connection restored}.
 *
 * <p>The request timeouts go through Lustre's console rate limit ({@link ConsoleRateLimit}), so that a
 * large storm shows as a few lines with {@code Skipped N previous similar messages}. The connection lines do
 * not: Lustre's limit would hold back all but the first few of them too, and then the console would not
 * name every OST the router took down. The demo prints one per OST so that its tree, its trap list and its
 * outages agree; a real MDS's collector learns the held-back ones from the Lustre state.
 */
final class DemoConsoleWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** How long before the lines are written the router failed; its storm spreads over that time. */
    static final long STORM_MILLIS = 2_000;
    /** The ptlrpcd thread that expires the requests, and the line of client.c it prints from (v2_15_3). */
    private static final int PTLRPCD_PID = 4123;
    private static final String EXPIRE = "(client.c:2289:ptlrpc_expire_one_request()) ";

    private final Path file;
    private final InstantSource clock;
    private final String host;
    private final RandomGenerator random;
    private final ConsoleRateLimit timeouts = new ConsoleRateLimit();
    private long xid;

    DemoConsoleWriter(Path file, InstantSource clock, String host, RandomGenerator random) {
        this.file = file;
        this.clock = clock;
        this.host = host;
        this.random = random;
        this.xid = 1_785_120_931_184_832L + random.nextInt(1 << 20) * 64L;
    }

    /**
     * The router failed {@link #STORM_MILLIS} ago: {@code requests} requests to the OSTs behind it time out,
     * spread over the OSTs, and after its first timeout each OST's connection is lost.
     */
    void writeRouterFailure(DemoTrapWriter.RouterFailure failure, int requests) throws IOException {
        List<String> osts = failure.osts();
        long failedAt = clock.millis() - STORM_MILLIS;
        long step = STORM_MILLIS / (osts.size() + 1);
        StringBuilder out = new StringBuilder(4096);
        for (int k = 0; k < osts.size(); k++) {
            String ost = osts.get(k);
            long lostAt = failedAt + step * k;
            int own = requests / osts.size() + (k < requests % osts.size() ? 1 : 0);
            for (int j = 0; j < own; j++) {
                timeout(out, lostAt + j * step / Math.max(1, own), failure.fs(), ost);
            }
            line(out, lostAt + 1, "Lustre: " + device(ost) + ": Connection to " + ost + " (at " + nid(failure, ost)
                    + ") was lost; in progress operations using this service will wait for recovery to complete");
        }
        append(out);
    }

    /** The router is back: each OST behind it reconnects, within the last second. */
    void writeRouterBack(DemoTrapWriter.RouterFailure failure) throws IOException {
        List<String> osts = failure.osts();
        long now = clock.millis();
        StringBuilder out = new StringBuilder(2048);
        for (int k = 0; k < osts.size(); k++) {
            String ost = osts.get(k);
            String nid = nid(failure, ost);
            line(out, now - 1_000 + 1_000L * k / osts.size(), "Lustre: " + device(ost) + ": Connection restored to "
                    + nid + " (at " + nid + ")");
        }
        append(out);
    }

    private void timeout(StringBuilder out, long millis, String fs, String ost) {
        if (!timeouts.passes(millis)) {
            return;
        }
        long sent = millis / 1000 - 7;
        line(out, millis, "Lustre: " + PTLRPCD_PID + ":0:" + EXPIRE + "@@@ Request sent has timed out for slow reply: [sent "
                + sent + "/real " + sent + "]  req@" + String.format(Locale.ROOT, "%016x", random.nextLong()) + " x" + xid
                + "/t0(0) o13->" + device(ost) + "@" + DemoFabric.nid(fs, DemoFabric.index(ost))
                + ":7/4 lens 224/368 e 0 to 1 dl " + (sent + 7) + " ref 1 fl Rpc:XQr/0/ffffffff rc 0/-1 job:''");
        xid += 64;
        int held = timeouts.takeHeld();
        if (held > 0) {
            line(out, millis, "Lustre: " + PTLRPCD_PID + ":0:" + EXPIRE + "Skipped " + held + " previous similar message"
                    + (held == 1 ? "" : "s"));
        }
    }

    private static String nid(DemoTrapWriter.RouterFailure failure, String ost) {
        return DemoFabric.nid(failure.fs(), DemoFabric.index(ost));
    }

    /** The OSP device through which the demo's MDT0000 of the OST's filesystem reaches it. */
    private static String device(String ost) {
        return LustreTreeWriter.ospDevice(ost, 0);
    }

    private void line(StringBuilder out, long millis, String message) {
        out.append(STAMP.format(Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1000) * 1000L)))
                .append(' ').append(host).append(" kernel: ").append(message).append('\n');
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
