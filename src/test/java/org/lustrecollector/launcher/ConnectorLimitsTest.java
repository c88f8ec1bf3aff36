package org.lustrecollector.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.lustrecollector.config.HeapBudget;

class ConnectorLimitsTest {
    @Test
    void theLaunchersHeapGivesAThousandConnectionsAndExitsOnOutOfMemory() {
        assertTrue(TomcatCommand.JVM_OPTIONS.contains("-XX:+ExitOnOutOfMemoryError"), TomcatCommand.JVM_OPTIONS.toString());
        ConnectorLimits limits = ConnectorLimits.forJvmOptions(TomcatCommand.JVM_OPTIONS);
        assertEquals(256L << 20, limits.heapBytes());
        assertEquals(1024, limits.maxConnections());
        // the connections' share of the heap, at the measured cost each, stays an eighth of it
        assertTrue((long) limits.maxConnections() * ConnectorLimits.BYTES_PER_CONNECTION <= limits.heapBytes() / 8);
    }

    @Test
    void theOldGenerationHoldsACallOnEveryConnectionBesideTheCollectorsOwnHeap() {
        assertTrue(TomcatCommand.JVM_OPTIONS.contains("-Xmn48m"), TomcatCommand.JVM_OPTIONS.toString());
        ConnectorLimits limits = ConnectorLimits.forJvmOptions(TomcatCommand.JVM_OPTIONS);
        long old = limits.heapBytes() - (48L << 20);
        long calls = (long) limits.maxConnections() * ConnectorLimits.BYTES_PER_CALL;
        // what is left is at least the base the heap budget gives the collector (traps come on top of it)
        assertTrue(old - calls >= HeapBudget.BASE_BYTES, "old " + old + ", calls " + calls);
    }

    @Test
    void aSitesLaterXmxWinsAsInTheJvm() {
        assertEquals(256, ConnectorLimits.forJvmOptions(List.of("-Xmx256m", "-Xss512k -Xmx64m")).maxConnections());
        assertEquals(8192, ConnectorLimits.forJvmOptions(List.of("-Xmx256m", "'-Xmx4g'")).maxConnections());
        assertEquals(2048, ConnectorLimits.forJvmOptions(List.of("-Xmx524288k")).maxConnections());
    }

    @Test
    void aTinyOrHugeHeapIsClamped() {
        assertEquals(ConnectorLimits.MIN_CONNECTIONS, ConnectorLimits.forHeap(16L << 20).maxConnections());
        assertEquals(ConnectorLimits.MAX_CONNECTIONS, ConnectorLimits.forHeap(64L << 30).maxConnections());
    }

    @Test
    void withoutXmxThereIsNothingToDeriveFromAndItSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectorLimits.forJvmOptions(List.of("-Xss512k")));
        assertTrue(e.getMessage().startsWith("no -Xmx in the collector's JVM options"), e.getMessage());
    }

    @Test
    void theSystemPropertiesAreTheOnesServerXmlRefersTo() throws Exception {
        String serverXml = Files.readString(Path.of("tomcat/conf/server.xml"), StandardCharsets.UTF_8);
        // with the launcher's own values as the defaults, for a Tomcat started without the launcher
        for (String property : ConnectorLimits.forJvmOptions(TomcatCommand.JVM_OPTIONS).systemProperties()) {
            String name = property.substring(2, property.indexOf('='));
            String value = property.substring(property.indexOf('=') + 1);
            assertTrue(serverXml.contains("\"${" + name + ":-" + value + "}\""), property);
        }
        assertTrue(serverXml.contains("allowTrace=\"false\""));
    }

    @Test
    void theHttpConnectorsBuffersAreTheOnesBytesPerCallWasMeasuredWith() throws Exception {
        String serverXml = Files.readString(Path.of("tomcat/conf/server.xml"), StandardCharsets.UTF_8);
        for (String attribute : List.of("socket.appReadBufSize=\"2048\"", "maxTrailerSize=\"1024\"",
                "maxHttpResponseHeaderSize=\"4096\"")) {
            assertTrue(serverXml.contains(attribute), attribute);
        }
    }

    @Test
    void theAjpConnectorGetsTheLimitsAndAMissingOneIsAnError() {
        String written = "<Service>\n<Connector protocol=\"AJP/1.3\" address=\"127.0.0.1\" port=\"8009\"\n"
                + " secretRequired=\"true\" maxThreads=\"32\" />\n</Service>";
        String limited = CollectorInstance.withAjpLimits(written);
        assertTrue(limited.contains("<Connector protocol=\"AJP/1.3\" maxConnections=\"${lustre.tomcat.maxConnections}\" "
                + "acceptCount=\"${lustre.tomcat.acceptCount}\" allowTrace=\"false\" address=\"127.0.0.1\""), limited);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CollectorInstance.withAjpLimits("<Service/>"));
        assertTrue(e.getMessage().contains("AJP/1.3"), e.getMessage());
    }
}
