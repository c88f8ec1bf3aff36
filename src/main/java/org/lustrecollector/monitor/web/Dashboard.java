package org.lustrecollector.monitor.web;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageJson;

/**
 * What the web view shows, gathered in one place: the traps ({@link TrapLog}), the collectors
 * ({@link CollectorBoard}), the filesystems ({@link LustreView}) and the outages ({@link OutageView}), and the
 * JSON the page and scripts read.
 * The monitor's watch feeds it through {@link #trap}, {@link #down}, {@link #up} and {@link #dropped}.
 */
public final class Dashboard {
    /** A Critical or Fatal trap this recent colours its filesystem's light. */
    public static final int RECENT_SECONDS = 15 * 60;
    /** Outages in each status (active first); {@code /api/outages} has them all. */
    public static final int OUTAGES_IN_STATUS = 50;

    private final TrapLog traps;
    private final CollectorBoard collectors;
    private final LustreView lustre;
    private final OutageView outages;
    private final Clock clock;
    private final List<Runnable> trapListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Dashboard(TrapLog traps, CollectorBoard collectors, LustreView lustre, OutageView outages, Clock clock) {
        this.traps = traps;
        this.collectors = collectors;
        this.lustre = lustre;
        this.outages = outages;
        this.clock = clock;
    }

    public TrapLog traps() {
        return traps;
    }

    public LustreView lustre() {
        return lustre;
    }

    public OutageView outages() {
        return outages;
    }

    /** Runs after each new trap, on the thread that added it: it must only wake someone up. */
    public void onTrap(Runnable listener) {
        trapListeners.add(listener);
    }

    public void trap(String id, long time, int category, String fs, String node, String message, String collector) {
        traps.add(id, time, category, fs, node, message, collector);
        trapListeners.forEach(Runnable::run);
    }

    public void down(String collector, long since, String reason) {
        collectors.down(collector, since, reason);
    }

    public void up(String collector, long since) {
        collectors.up(collector, since);
    }

    public void dropped(String collector, long count, Map<String, Long> byCategory, Map<String, Long> byFileSystem,
            long time) {
        collectors.dropped(collector, count, byCategory, byFileSystem, time);
    }

    /** green, yellow or red, with the reasons, for one filesystem. */
    record Light(String colour, List<String> reasons) {
    }

    Light light(FileSystemView fs) {
        long now = clock.millis() / 1000;
        List<String> red = new ArrayList<>();
        List<String> yellow = new ArrayList<>();
        int down = fs.count(FileSystemView.NOT_RESPONDING);
        if (down > 0) {
            red.add(down + (down == 1 ? " target" : " targets") + " not responding");
        }
        if (fs.unhealthy()) {
            red.add("health: " + fs.health());
        }
        long fatal = traps.lastSevere(fs.name(), 3);
        if (fatal > 0 && now - fatal <= RECENT_SECONDS) {
            red.add("a Fatal trap in the last 15 minutes");
        }
        long critical = traps.lastSevere(fs.name(), 2);
        if (critical > 0 && now - critical <= RECENT_SECONDS) {
            yellow.add("a Critical trap in the last 15 minutes");
        }
        int low = fs.count(FileSystemView.LOW_SPACE);
        if (low > 0) {
            yellow.add(low + (low == 1 ? " target" : " targets") + " low on space");
        }
        List<String> reasons = new ArrayList<>(red);
        reasons.addAll(yellow);
        return new Light(!red.isEmpty() ? "red" : !yellow.isEmpty() ? "yellow" : "green", reasons);
    }

    /**
     * /api/status: the collectors, the outages (the first {@link #OUTAGES_IN_STATUS}, with the count of all),
     * the filesystems without their targets, the trap counts per minute.
     */
    public void writeStatus(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("time", clock.millis() / 1000);
        g.writeNumberField("nextTrap", traps.next());
        g.writeNumberField("fileSystemsVersion", lustre.version());
        g.writeArrayFieldStart("collectors");
        for (CollectorBoard.Row r : collectors.rows()) {
            g.writeStartObject();
            g.writeStringField("url", r.url());
            g.writeStringField("state", r.state());
            g.writeNumberField("since", r.since());
            g.writeStringField("reason", r.reason());
            g.writeNumberField("droppedTotal", r.droppedTotal());
            g.writeNumberField("lastDrop", r.lastDrop());
            g.writeNumberField("lastDropTime", r.lastDropTime());
            counts(g, "lastDropByCategory", r.lastDropByCategory());
            counts(g, "lastDropByFileSystem", r.lastDropByFileSystem());
            g.writeEndObject();
        }
        g.writeEndArray();
        List<Outage> merged = outages.merged();
        g.writeNumberField("outagesTotal", merged.size());
        writeOutageList(g, merged.subList(0, Math.min(OUTAGES_IN_STATUS, merged.size())));
        g.writeArrayFieldStart("filesystems");
        for (FileSystemView fs : lustre.merged()) {
            writeFileSystem(g, fs, false);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("trapsPerMinute");
        long[][] minutes = traps.perMinute();
        g.writeNumberField("end", clock.millis() / 60_000 * 60);
        for (int c = 0; c < 4; c++) {
            g.writeArrayFieldStart(WebTrap.SEVERITIES[c]);
            for (long[] m : minutes) {
                g.writeNumber(m[c]);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** /api/filesystems: every filesystem with its targets and their states. */
    public void writeFileSystems(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("version", lustre.version());
        g.writeArrayFieldStart("filesystems");
        for (FileSystemView fs : lustre.merged()) {
            writeFileSystem(g, fs, true);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void writeFileSystem(JsonGenerator g, FileSystemView fs, boolean targets) throws IOException {
        Light light = light(fs);
        g.writeStartObject();
        g.writeStringField("name", fs.name());
        g.writeStringField("collector", fs.collector());
        g.writeStringField("light", light.colour());
        g.writeArrayFieldStart("reasons");
        for (String r : light.reasons()) {
            g.writeString(r);
        }
        g.writeEndArray();
        g.writeNumberField("targets", fs.targets().size());
        g.writeNumberField("notResponding", fs.count(FileSystemView.NOT_RESPONDING));
        g.writeNumberField("deactivated", fs.count(FileSystemView.DEACTIVATED));
        g.writeNumberField("lowSpace", fs.count(FileSystemView.LOW_SPACE));
        g.writeStringField("health", fs.health());
        g.writeNumberField("kbytesTotal", fs.kbytesTotal());
        g.writeNumberField("kbytesAvail", fs.kbytesAvail());
        g.writeNumberField("kbytesFree", fs.kbytesFree());
        g.writeNumberField("filesTotal", fs.filesTotal());
        g.writeNumberField("filesFree", fs.filesFree());
        g.writeNumberField("traps", fs.traps());
        if (targets) {
            g.writeArrayFieldStart("names");
            for (String n : fs.targets()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeStringField("states", fs.states());
        }
        g.writeEndObject();
    }

    /** /api/outages: every outage of the collectors, merged as --status and the relay show them. */
    public void writeOutages(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("time", clock.millis() / 1000);
        writeOutageList(g, outages.merged());
        g.writeEndObject();
    }

    private static void writeOutageList(JsonGenerator g, List<Outage> list) throws IOException {
        g.writeArrayFieldStart("outages");
        for (Outage o : list) {
            g.writeStartObject();
            OutageJson.writeFields(g, o);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** /api/traps: traps numbered {@code since} or later, oldest first. */
    public void writeTraps(JsonGenerator g, long since, int limit) throws IOException {
        writeSlice(g, traps.after(since, limit));
    }

    static void writeSlice(JsonGenerator g, TrapLog.Slice slice) throws IOException {
        g.writeStartObject();
        g.writeNumberField("next", slice.next());
        g.writeNumberField("missed", slice.missed());
        g.writeArrayFieldStart("traps");
        for (WebTrap t : slice.traps()) {
            writeTrap(g, t);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void writeTrap(JsonGenerator g, WebTrap t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", t.seq());
        g.writeStringField("id", t.id());
        g.writeNumberField("time", t.time());
        g.writeNumberField("category", t.category());
        g.writeStringField("severity", t.severity());
        g.writeStringField("fs", t.fs());
        g.writeStringField("node", t.node());
        g.writeStringField("message", t.message());
        g.writeStringField("collector", t.collector());
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
