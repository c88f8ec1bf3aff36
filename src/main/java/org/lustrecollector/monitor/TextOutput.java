package org.lustrecollector.monitor;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.lustrecollector.api.Category;
import org.lustrecollector.monitor.outage.Outage;

/**
 * One line per trap or event, in columns: local time, severity (coloured on a terminal), filesystem, node,
 * message; --status as a table in human units (3.7 TiB, 57 %), one row per filesystem and collector. Text from collectors is stripped of control characters, so a trap cannot drive the terminal.
 */
final class TextOutput extends PrintStreamOutput {
    private static final String RESET = "\u001b[0m";

    private static final String[] STATUS_HEADER = {"FILESYSTEM", "COLLECTOR", "NODES", "SPACE USED", "", "INODES USED",
        "", "HEALTH", "TRAPS", "NOT RESPONDING"};
    /** NODES, the two percentages, TRAPS. */
    private static final boolean[] STATUS_RIGHT_ALIGNED = {false, false, true, true, true, true, true, false, true, false};
    /** A share follows its size with one space. */
    private static final int[] STATUS_GAPS = {0, 2, 2, 2, 1, 2, 1, 2, 2, 2};

    private static final String[] OUTAGE_HEADER = {"OUTAGE", "KIND", "KEY", "TARGETS", "SERVERS", "FILESYSTEMS",
        "SINCE", "ENDED", "EXAMPLES"};
    private static final boolean[] OUTAGE_RIGHT_ALIGNED = {false, false, false, true, true, false, false, false, false};
    private static final int[] OUTAGE_GAPS = {0, 2, 2, 2, 2, 2, 2, 2, 2};

    private final boolean colour;
    private final DateTimeFormatter timeFormat;
    private final List<String[]> statusRows = new ArrayList<>();

    TextOutput(PrintStream out, boolean colour, ZoneId zone) {
        super(out);
        this.colour = colour;
        this.timeFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    @Override
    public void trap(MonitoredTrap t) {
        out.println(time(t.time()) + " " + label(t.category().name(), colourOf(t.category())) + " "
                + pad(clean(t.fs()), 8) + " " + pad(clean(t.node()), 16) + " " + clean(t.message()));
    }

    @Override
    public void down(Collector c, Instant since, String reason, Duration retry) {
        out.println(time(since) + " " + label("DOWN", "35") + " " + c.name() + " does not answer: " + clean(reason)
                + (retry.isZero() ? "" : "; trying again every " + retry.toSeconds() + "s"));
    }

    @Override
    public void back(Collector c, Instant downSince, Instant now) {
        out.println(time(now) + " " + label("BACK", "32") + " " + c.name() + " answers again after "
                + Durations.text(Duration.between(downSince, now)) + " (down since " + time(downSince)
                + "); what it got meanwhile follows");
    }

    @Override
    public void dropped(Collector c, DropCounts d, boolean sinceStart, Instant now) {
        StringJoiner detail = new StringJoiner(", ");
        for (Category category : Category.values()) {
            Long n = d.byCategory().get(category.name());
            if (n != null && n > 0) {
                detail.add(n + " " + category.name());
            }
        }
        d.byFileSystem().forEach((fs, n) -> detail.add(n + " in " + clean(fs)));
        out.println(time(now) + " " + label("DROPPED", "33") + " " + c.name() + " dropped " + d.dropped() + " traps "
                + (sinceStart ? "since it started" : "since the last poll") + " (its store was full"
                + (d.maxTraps() > 0 ? ", maxtraps " + d.maxTraps() : "") + ")"
                + (detail.length() > 0 ? ": " + detail : ""));
    }

    /** --status rows are kept until {@link #flush}, so their columns can be aligned. */
    @Override
    public void fileSystem(Collector c, String fs, Map<String, Object> info) {
        List<String> down = names(info.get("notResponding"));
        List<String> off = names(info.get("deactivated"));
        double kbTotal = real(info.get("kbytestotal"));
        double kbAvail = real(info.get("kbytesavail"));
        double filesTotal = real(info.get("filestotal"));
        double filesFree = real(info.get("filesfree"));
        String notResponding = down.size() + " not responding" + (down.isEmpty() ? "" : " (" + String.join(" ", down) + ")")
                + (off.isEmpty() ? "" : "; " + off.size() + " deactivated (" + String.join(" ", off) + ")");
        statusRows.add(new String[] {clean(fs), c.name(), number(info.get("nodes")),
            kbTotal < 0 || kbAvail < 0 ? "-" : HumanUnits.bytes((kbTotal - kbAvail) * 1024) + " of "
                + HumanUnits.bytes(kbTotal * 1024),
            HumanUnits.percent(kbTotal - kbAvail, kbTotal),
            filesTotal < 0 || filesFree < 0 ? "-" : HumanUnits.count(filesTotal - filesFree) + " of "
                + HumanUnits.count(filesTotal),
            HumanUnits.percent(filesTotal - filesFree, filesTotal),
            info.get("health") instanceof String h && !h.isEmpty() ? clean(h) : "-",
            number(info.getOrDefault("traps", "-")), notResponding});
    }

    @Override
    public void flush() {
        if (!statusRows.isEmpty()) {
            List<String[]> table = new ArrayList<>();
            table.add(STATUS_HEADER);
            table.addAll(statusRows);
            statusRows.clear();
            HumanUnits.table(table, STATUS_RIGHT_ALIGNED, STATUS_GAPS).forEach(out::println);
        }
        super.flush();
    }

    /**
     * --status: one row per outage, active ones first, times as how long ago ("3m 12s ago"); a line that
     * there are none.
     */
    @Override
    public void outages(List<Outage> outages, Instant now) {
        if (outages.isEmpty()) {
            out.println("No outages in the last hour.");
            return;
        }
        List<String[]> table = new ArrayList<>();
        table.add(OUTAGE_HEADER);
        for (Outage o : outages) {
            String examples = String.join(" ", o.examples().stream().map(TextOutput::clean).toList())
                    + (o.targets() > o.examples().size() ? " ..." : "");
            table.add(new String[] {o.active() ? "active" : "ended", clean(o.kind()), clean(o.key()),
                String.valueOf(o.targets()), String.valueOf(o.servers()),
                o.filesystems().isEmpty() ? "-" : clean(String.join(",", o.filesystems())), ago(o.since(), now),
                o.active() || o.ended() < 0 ? "-" : ago(o.ended(), now), examples.strip()});
        }
        HumanUnits.table(table, OUTAGE_RIGHT_ALIGNED, OUTAGE_GAPS).forEach(out::println);
    }

    @Override
    public void noOutages(Collector c, String reason) {
        out.println(pad("-", 8) + " " + c.name() + ": " + clean(reason));
    }

    private static String ago(long epochSecond, Instant now) {
        return Durations.text(Duration.between(Instant.ofEpochSecond(epochSecond), now)) + " ago";
    }

    private static List<String> names(Object value) {
        return value instanceof Object[] array
                ? java.util.Arrays.stream(array).map(String::valueOf).map(TextOutput::clean).toList() : List.of();
    }

    /** An XML-RPC number, -1 when absent or not a number (unknown, as the collector says it). */
    private static double real(Object value) {
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    @Override
    public void noFileSystems(Collector c, String reason) {
        out.println(pad("-", 8) + " " + c.name() + ": " + clean(reason));
    }

    private String time(long epochSecond) {
        return timeFormat.format(Instant.ofEpochSecond(epochSecond));
    }

    private String time(Instant instant) {
        return timeFormat.format(instant);
    }

    private String label(String text, String sgr) {
        String padded = pad(text, 8);
        return colour && sgr != null ? "\u001b[" + sgr + "m" + text + RESET + padded.substring(text.length()) : padded;
    }

    private static String colourOf(Category category) {
        return switch (category) {
            case INFO -> null;
            case WARNING -> "33";
            case CRITICAL -> "31";
            case FATAL -> "1;97;41";
        };
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Whole numbers without ".0": XML-RPC counters are doubles. */
    private static String number(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    /** Control characters (C0 but TAB, DEL, C1) become '?'; a TAB a space. */
    static String clean(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control && b == null) {
                b = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (b != null) {
                b.append(!control ? c : c == '\t' ? ' ' : '?');
            }
        }
        return b == null ? text : b.toString();
    }
}
