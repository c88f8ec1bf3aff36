package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorTest {
    @TempDir
    Path dir;

    @Test
    void aUrlMayNameTheUserButNeverThePassword() {
        Collector c = Collector.parse("https://ops@mds1.example:8443/lustre", 3);
        assertEquals("https://mds1.example:8443/lustre", c.name());
        assertEquals(Optional.of("ops"), c.user());
        assertEquals(3, c.order());
        assertEquals("http://mds1/", Collector.parse("http://mds1", 0).name(), "an empty path is /");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Collector.parse("http://ops:secret@mds1/", 0));
        assertTrue(e.getMessage().contains("--password-file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Collector.parse("mds1:8980", 0));
        assertThrows(IllegalArgumentException.class, () -> Collector.parse("ftp://mds1/", 0));
    }

    @Test
    void thePasswordComesFromTheFileBeforeTheEnvironment() throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, "from-file\r\nsecond line\n");
        Map<String, String> env = Map.of(BasicAuth.PASSWORD_VARIABLE, "from-env");
        assertEquals(Optional.of(new BasicAuth("ops", "from-file")), BasicAuth.of(Optional.of("ops"), Optional.of(file), env));
        assertEquals(Optional.of(new BasicAuth("ops", "from-env")), BasicAuth.of(Optional.of("ops"), Optional.empty(), env));
        assertEquals(Optional.empty(), BasicAuth.of(Optional.empty(), Optional.empty(), env), "no user, no auth");
        assertThrows(IllegalArgumentException.class, () -> BasicAuth.of(Optional.of("ops"), Optional.empty(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> BasicAuth.of(Optional.empty(), Optional.of(file), Map.of()));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BasicAuth.of(Optional.of("ops"), Optional.of(dir.resolve("none")), Map.of()));
        assertTrue(missing.getMessage().contains("cannot read the password file"), missing.getMessage());
        assertTrue(!new BasicAuth("ops", "from-file").toString().contains("from-file"));
    }
}
