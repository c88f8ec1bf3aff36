package org.lustrecollector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher learns from ConfigCheck, and the server.xml it has it write. */
class ConfigCheckTest {
    private static final Path TEMPLATE = Path.of("tomcat/conf/server.xml");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String user, String... args) {
        List<String> all = new ArrayList<>(List.of("--server-xml", TEMPLATE.toString(), dir.resolve("server.xml").toString(),
                "ajpsecretfile=" + dir.resolve("ajp-secret"), "filename=" + emptyConfig()));
        all.addAll(List.of(args));
        return ConfigCheck.run(all.toArray(String[]::new), user, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path emptyConfig() {
        Path file = dir.resolve("config");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "; empty\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private String serverXml() throws Exception {
        return Files.readString(dir.resolve("server.xml"));
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void rootIsRefusedWithOneLine() {
        assertEquals(2, run("root"));
        assertEquals(List.of("lustre-collector: refusing to run as root; run it as an unprivileged user "
                + "(only --demo runs as root, for trying it out)"), errLines());
        assertFalse(Files.exists(dir.resolve("server.xml")));
    }

    @Test
    void aDemoRunByRootWarnsAndLetsTomcatRunAsRoot() throws Exception {
        assertEquals(0, run("root", "demo=true"));
        assertEquals(List.of("lustre-collector: running as root for --demo only; never run the collector as root"),
                errLines());
        assertTrue(serverXml().contains("SecurityListener\" checkedOsUsers=\"\""), serverXml());
    }

    @Test
    void anyoneElseRunsWithTomcatRefusingRoot() throws Exception {
        assertEquals(0, run("lustre"));
        assertEquals(List.of(), errLines());
        assertTrue(serverXml().contains("SecurityListener\" checkedOsUsers=\"root\""), serverXml());
    }

    @Test
    void withoutASecretFileAjpIsOff() throws Exception {
        assertEquals(0, run("lustre", "allow=127.0.0.1/32, 10.0.0.0/8"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("\najp=off\n"), printed);
        assertTrue(printed.contains("\nallow=127.0.0.1/32,10.0.0.0/8\n"), printed);
        assertFalse(serverXml().contains("AJP/1.3"), serverXml());
        assertTrue(serverXml().contains("AJP off: no secret file at " + dir.resolve("ajp-secret")), serverXml());
    }

    @Test
    void withASecretFileTheAjpConnectorIsWrittenForOwnerEyesOnly() throws Exception {
        Files.writeString(dir.resolve("ajp-secret"), "0123456789abcdef0123456789abcdef\n");
        assertEquals(0, run("lustre", "ajphost=127.0.0.1", "ajpport=8123"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\najp=127.0.0.1:8123\n"));
        String xml = serverXml();
        assertTrue(xml.contains("<Connector protocol=\"AJP/1.3\" address=\"127.0.0.1\" port=\"8123\""), xml);
        assertTrue(xml.contains("secretRequired=\"true\" secret=\"0123456789abcdef0123456789abcdef\" "
                + "tomcatAuthentication=\"false\""), xml);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.xml"))));
        // Well-formed, so Tomcat can read it.
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("server.xml").toFile());
    }

    @Test
    void aSecretFileThatCannotBeUsedStopsStartUp() throws Exception {
        Files.writeString(dir.resolve("ajp-secret"), "short\n");
        assertEquals(2, run("lustre"));
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).startsWith("lustre-collector: Bad AJP secret in " + dir.resolve("ajp-secret")),
                errLines().get(0));
    }
}
