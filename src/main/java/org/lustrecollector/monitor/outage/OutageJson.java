package org.lustrecollector.monitor.outage;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * An outage's members in JSON, the same in --status --json's {@code outage} objects and the web view's
 * {@code /api/outages} (docs/monitor.md): {@code kind}, {@code key}, {@code targets}, {@code servers},
 * {@code filesystems}, {@code since}, {@code active}, {@code ended}, {@code examples}, {@code collectors}.
 */
public final class OutageJson {
    private OutageJson() {
    }

    /** Writes the members into the object {@code g} has open. */
    public static void writeFields(JsonGenerator g, Outage o) throws IOException {
        g.writeStringField("kind", o.kind());
        g.writeStringField("key", o.key());
        g.writeNumberField("targets", o.targets());
        g.writeNumberField("servers", o.servers());
        strings(g, "filesystems", o.filesystems());
        g.writeNumberField("since", o.since());
        g.writeBooleanField("active", o.active());
        g.writeNumberField("ended", o.ended());
        strings(g, "examples", o.examples());
        strings(g, "collectors", o.collectors());
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
