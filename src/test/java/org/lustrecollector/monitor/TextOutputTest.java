package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;

class TextOutputTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private TextOutput output(boolean colour) {
        return new TextOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), colour, ZoneOffset.UTC);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final long SIX_THIRTEEN = Instant.parse("2026-11-27T06:13:20Z").getEpochSecond();

    private static final MonitoredTrap TRAP = new MonitoredTrap("id1", SIX_THIRTEEN, Category.CRITICAL, "lustre",
            "lustre-OST002a", "Connection lost", "http://mds1/");

    @Test
    void aTrapIsOneLineOfTimeSeverityFilesystemNodeAndMessage() {
        output(false).trap(TRAP);
        assertEquals("2026-11-27 06:13:20 CRITICAL lustre   lustre-OST002a   Connection lost\n", text());
    }

    @Test
    void onATerminalTheSeverityIsColouredAndTheColumnsStayAligned() {
        output(true).trap(TRAP);
        assertEquals("2026-11-27 06:13:20 \u001b[31mCRITICAL\u001b[0m lustre   lustre-OST002a   Connection lost\n",
                text());
    }

    @Test
    void controlCharactersFromACollectorNeverReachTheTerminal() {
        output(false).trap(new MonitoredTrap("id", 0, Category.INFO, "fs", "node\u001b[2J",
                "a\tb\u0007c\u009bd\u007f", "http://x/"));
        assertTrue(text().endsWith("node?[2J         a b?c?d?\n"), text());
        assertFalse(text().contains("\u001b"));
    }

    @Test
    void dropsAreCountedPerCategoryAndFilesystem() {
        output(false).dropped(new Collector(java.net.URI.create("http://mds1/"), java.util.Optional.empty(), 0),
                new DropCounts(450, Map.of("CRITICAL", 440L, "INFO", 10L), Map.of("lustre", 450L), 50), false,
                Instant.ofEpochSecond(SIX_THIRTEEN));
        assertEquals("2026-11-27 06:13:20 DROPPED  http://mds1/ dropped 450 traps since the last poll "
                + "(its store was full, maxtraps 50): 10 INFO, 440 CRITICAL, 450 in lustre\n", text());
    }
}
