package org.lustrecollector.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CollectorInstanceTest {
    /** The shipped logging.properties, as a daemon gets it: the daily file handler only. */
    @Test
    void aDaemonLogsWithoutTheConsoleHandler() throws Exception {
        String shipped = Files.readString(Path.of("tomcat/conf/logging.properties"), StandardCharsets.UTF_8);
        List<String> handlers = CollectorInstance.withoutConsole(shipped).lines()
                .filter(l -> l.matches("\\.?handlers\\s*=.*")).toList();
        assertEquals(List.of("handlers = 1collector.org.apache.juli.AsyncFileHandler",
                ".handlers = 1collector.org.apache.juli.AsyncFileHandler"), handlers);
    }
}
