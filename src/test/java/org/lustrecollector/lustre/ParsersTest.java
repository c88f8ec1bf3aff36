package org.lustrecollector.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Names, import, target_obd and health_check, over the checked-in fixture files and edge cases. */
class ParsersTest {
    @Test
    void namesAreParsedFromTheRight() {
        assertEquals(new TargetName("lustre", NodeType.OST, 0x2a), TargetName.parse("lustre-OST002a").orElseThrow());
        assertEquals(new TargetName("fs-OST00", NodeType.OST, 1), TargetName.parse("fs-OST00-OST0001").orElseThrow());
        assertEquals("my-fs-MDT0003", TargetName.parse("my-fs-MDT0003").orElseThrow().name());
        assertEquals(Optional.empty(), TargetName.parse("toolongfs-OST0001"));
        assertEquals(Optional.empty(), TargetName.parse("lustre-OST01"));
        assertEquals("lustre-OST0000", TargetName.parseUuid("lustre-OST0000_UUID").orElseThrow().name());

        OspDevice ost = OspDevice.parse("my-fs-OST000a-osc-MDT0001").orElseThrow();
        assertEquals(new TargetName("my-fs", NodeType.OST, 10), ost.target());
        assertEquals(1, ost.mdtIndex());
        assertEquals("ost_conn_uuid", ost.connectionUuidFile());
        OspDevice mdt = OspDevice.parse("a-b-MDT0002-osp-MDT0000").orElseThrow();
        assertEquals(new TargetName("a-b", NodeType.MDT, 2), mdt.target());
        assertEquals("mdt_conn_uuid", mdt.connectionUuidFile());
        assertEquals(0, OspDevice.parse("old-OST0003-osc").orElseThrow().mdtIndex(), "1.8-era name");
        assertEquals(Optional.empty(), OspDevice.parse("lustre-MDT0000-mdtlov"));
        assertEquals(Optional.empty(), OspDevice.parse("lustre-OST0000-osc-ffff88012345"), "a client's OSC");
    }

    @Test
    void importFilesOfEveryLayout() throws IOException {
        ImportFile v215 = ImportFile.parse(resource("v2_15/sys/kernel/debug/lustre/osp/lustre-OST0001-osc-MDT0000/import")).orElseThrow();
        assertEquals(new ImportFile("DISCONN", "10.0.0.1@o2ib", false), v215);
        ImportFile v216 = ImportFile.parse(resource("v2_16/sys/kernel/debug/lustre/osp/lustre-OST0000-osc-MDT0000/import")).orElseThrow();
        assertEquals(new ImportFile("FULL", "10.0.0.0@o2ib", false), v216, "2.16 quotes are stripped");
        ImportFile deactivated = ImportFile.parse(resource("v2_11/proc/fs/lustre/osp/lustre-OST0003-osc-MDT0000/import")).orElseThrow();
        assertTrue(deactivated.deactivated());
        assertEquals(Optional.empty(), ImportFile.parse("import:\n    name: x\n"));
        assertEquals("", ImportFile.parse("    state: NEW\n       current_connection: <none>\n").orElseThrow().currentConnection());
    }

    @Test
    void targetObdListsEachTargetsFlag() throws IOException {
        Map<String, Boolean> flags = TargetObd.parse(resource("v2_15/proc/fs/lustre/lod/lustre-MDT0000-mdtlov/target_obd"));
        assertEquals(Boolean.TRUE, flags.get("lustre-OST0000"));
        assertEquals(Boolean.FALSE, flags.get("lustre-OST0002"));
        assertEquals(Map.of("a-OST0001", true), TargetObd.parse("junk\n1: a-OST0001_UUID ACTIVE\n2: b\n3: c_UUID MAYBE\n:\n"));
        assertEquals(Map.of(), TargetObd.parse(""));
    }

    @Test
    void healthCheckInEveryForm() {
        assertEquals(Optional.of(HealthCheck.HEALTHY), HealthCheck.parse("healthy\n"));
        assertEquals(Optional.of(HealthCheck.NOT_HEALTHY), HealthCheck.parse("NOT HEALTHY\n"));
        assertEquals(Optional.of(HealthCheck.LBUG), HealthCheck.parse("LBUG\n"));
        // 2.9 and older, or lctl's view of sysfs and debugfs together.
        assertEquals(Optional.of(HealthCheck.NOT_HEALTHY),
                HealthCheck.parse("device lustre-OST0012 reported unhealthy\nNOT HEALTHY\n"));
        assertEquals(Optional.of(HealthCheck.LBUG), HealthCheck.parse("LBUG\ndevice x reported unhealthy\nNOT HEALTHY\n"));
        assertEquals(Optional.empty(), HealthCheck.parse(""));
        assertFalse(HealthCheck.parse("sick").isPresent());
    }

    static String resource(String path) throws IOException {
        try (InputStream in = ParsersTest.class.getResourceAsStream("/lustre/" + path)) {
            if (in == null) {
                throw new IOException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
