package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Human units for --status, and its table: sizes in binary units, shares in per cent, aligned columns. */
class HumanUnitsTest {
    private static final double TIB = 1024.0 * 1024 * 1024 * 1024;

    @Test
    void sizesCountsAndShares() {
        assertEquals("3.7 TiB", HumanUnits.bytes(3.7 * TIB));
        assertEquals("512 GiB", HumanUnits.bytes(512.0 * 1024 * 1024 * 1024));
        assertEquals("1.0 KiB", HumanUnits.bytes(1024));
        assertEquals("0 B", HumanUnits.bytes(0));
        assertEquals("12.5 M", HumanUnits.count(12_500_000));
        assertEquals("980", HumanUnits.count(980));
        assertEquals("57 %", HumanUnits.percent(57, 100));
        assertEquals("-", HumanUnits.percent(1, 0));
        assertEquals("-", HumanUnits.percent(-1, 10));
    }

    @Test
    void statusRowsComeAsOneAlignedTableWithHumanUnits() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextOutput out = new TextOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, ZoneOffset.UTC);
        Collector mds1 = new Collector(URI.create("http://mds1:8980/"), Optional.empty(), 0);
        Collector mds2 = new Collector(URI.create("http://mds2.example.org:8980/"), Optional.empty(), 1);
        Map<String, Object> lustre = new LinkedHashMap<>();
        lustre.put("nodes", 130);
        lustre.put("notResponding", new Object[] {"lustre-OST0003"});
        lustre.put("deactivated", new Object[] {"lustre-OST0009"});
        lustre.put("kbytestotal", 6.5 * TIB / 1024);
        lustre.put("kbytesavail", 2.8 * TIB / 1024);
        lustre.put("filestotal", 2_000_000.0);
        lustre.put("filesfree", 1_500_000.0);
        lustre.put("health", "healthy");
        lustre.put("traps", 4711.0);
        Map<String, Object> home = Map.of("nodes", 3, "notResponding", new Object[0], "traps", 0.0,
                "kbytestotal", -1.0, "kbytesavail", -1.0, "health", "");
        out.fileSystem(mds1, "lustre", lustre);
        out.fileSystem(mds2, "home", home);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before the table is complete");
        out.flush();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "FILESYSTEM  COLLECTOR                      NODES          SPACE USED          INODES USED       HEALTH   TRAPS  NOT RESPONDING",
                "lustre      http://mds1:8980/                130  3.7 TiB of 6.5 TiB 57 %  500 k of 2.0 M 25 %  healthy   4711  1 not responding (lustre-OST0003); 1 deactivated (lustre-OST0009)",
                "home        http://mds2.example.org:8980/      3                   -    -               -    -  -            0  0 not responding"),
                lines);
    }
}
