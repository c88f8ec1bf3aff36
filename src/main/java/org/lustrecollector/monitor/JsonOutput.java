package org.lustrecollector.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageJson;

/**
 * One JSON object a line (JSON Lines), each with a {@code type}: {@code trap}, {@code down}, {@code back},
 * {@code dropped}, {@code filesystem}, {@code nofilesystems}, {@code outage} or {@code nooutages}. Members are listed in docs/monitor.md; times
 * are epoch seconds.
 */
final class JsonOutput extends PrintStreamOutput {
    private final JsonFactory json = JsonFactory.builder().build();

    JsonOutput(PrintStream out) {
        super(out);
    }

    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    private void line(String type, String collector, Members members) {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("type", type);
            members.write(g);
            g.writeStringField("collector", collector);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    @Override
    public void trap(MonitoredTrap t) {
        line("trap", t.collector(), g -> {
            g.writeStringField("id", t.id());
            g.writeNumberField("time", t.time());
            g.writeNumberField("category", t.category().code());
            g.writeStringField("severity", t.category().name());
            g.writeStringField("fs", t.fs());
            g.writeStringField("node", t.node());
            g.writeStringField("message", t.message());
        });
    }

    @Override
    public void down(Collector c, Instant since, String reason, Duration retry) {
        line("down", c.name(), g -> {
            g.writeNumberField("since", since.getEpochSecond());
            g.writeStringField("error", reason);
            g.writeNumberField("retry", retry.toSeconds());
        });
    }

    @Override
    public void back(Collector c, Instant downSince, Instant now) {
        line("back", c.name(), g -> {
            g.writeNumberField("time", now.getEpochSecond());
            g.writeNumberField("downSince", downSince.getEpochSecond());
        });
    }

    @Override
    public void dropped(Collector c, DropCounts d, boolean sinceStart, Instant now) {
        line("dropped", c.name(), g -> {
            g.writeNumberField("time", now.getEpochSecond());
            g.writeNumberField("dropped", d.dropped());
            g.writeBooleanField("sinceStart", sinceStart);
            g.writeNumberField("maxtraps", d.maxTraps());
            counts(g, "byCategory", d.byCategory());
            counts(g, "byFileSystem", d.byFileSystem());
        });
    }

    @Override
    public void fileSystem(Collector c, String fs, Map<String, Object> info) {
        line("filesystem", c.name(), g -> {
            g.writeStringField("fs", fs);
            for (Map.Entry<String, Object> e : info.entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
        });
    }

    @Override
    public void noFileSystems(Collector c, String reason) {
        line("nofilesystems", c.name(), g -> g.writeStringField("error", reason));
    }

    /** One {@code outage} object per outage, with the collectors that reported it instead of one collector. */
    @Override
    public void outages(List<Outage> outages, Instant now) {
        for (Outage o : outages) {
            try (JsonGenerator g = json.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeStringField("type", "outage");
                OutageJson.writeFields(g, o);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
        }
    }

    @Override
    public void noOutages(Collector c, String reason) {
        line("nooutages", c.name(), g -> g.writeStringField("error", reason));
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** An XML-RPC value as JSON; whole doubles (XML-RPC counters) as integers. */
    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            g.writeNumber(d.longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Date date) {
            g.writeNumber(date.getTime() / 1000);
        } else if (v instanceof Object[] array) {
            g.writeStartArray();
            for (Object item : array) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v == null) {
            g.writeNull();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
