package org.lustrecollector.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The collector's CATALINA_BASE, laid anew at each start: Tomcat's stock web.xml, context.xml and
 * catalina.properties, the launcher's logging.properties, its error pages ({@link ErrorPages}), and the WAR
 * unpacked as ROOT. Logs stay (logs/ may
 * be a link to /var/log/lustre-collector). The WAR is unpacked here, not by Tomcat, so that a JRE without the
 * jar tool suffices, as on RHEL's java-17-openjdk-headless.
 */
final class CollectorInstance {
    private static final List<String> FRESH = List.of("conf", "webapps", "work", "temp");
    private static final List<String> STOCK_CONF = List.of("web.xml", "context.xml", "catalina.properties");

    private final LauncherLayout layout;

    CollectorInstance(LauncherLayout layout) {
        this.layout = layout;
    }

    /**
     * Lays out the instance; the server.xml is written afterwards from the checked configuration. A daemon
     * logs to its daily files only: its console is logs/catalina.out, which nothing rotates.
     */
    void prepare(boolean daemon) throws IOException {
        Path base = layout.base();
        for (String name : FRESH) {
            delete(base.resolve(name));
        }
        for (String name : FRESH) {
            Files.createDirectories(base.resolve(name));
        }
        Files.createDirectories(layout.logs());
        for (String name : STOCK_CONF) {
            Files.copy(layout.tomcatHome().resolve("conf").resolve(name), base.resolve("conf").resolve(name));
        }
        String logging = Files.readString(layout.conf().resolve("logging.properties"), StandardCharsets.UTF_8);
        Files.writeString(base.resolve("conf/logging.properties"), daemon ? withoutConsole(logging) : logging,
                StandardCharsets.UTF_8);
        ErrorPages.write(base);
        unpack(layout.war(), base.resolve("webapps/ROOT"));
    }

    static String withoutConsole(String loggingProperties) {
        return loggingProperties.replaceAll("(?m)^((?:\\.)?handlers\\s*=.*?),\\s*java\\.util\\.logging\\.ConsoleHandler[ \\t]*$", "$1");
    }

    /**
     * Adds the connection limits to the AJP connector of the written server.xml (InstanceServerXml writes
     * that connector, with its own threads and timeout). Fails when AJP is on but no AJP connector is found.
     */
    void limitAjpConnector(boolean ajpOn) throws IOException {
        if (!ajpOn) {
            return;
        }
        Path file = serverXml();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String limited = withAjpLimits(text);
        // written in place: the file keeps its owner-only mode (it holds the AJP secret)
        Files.writeString(file, limited, StandardCharsets.UTF_8);
    }

    static String withAjpLimits(String serverXml) {
        String start = "<Connector protocol=\"AJP/1.3\"";
        int at = serverXml.indexOf(start);
        if (at < 0 || serverXml.indexOf(start, at + 1) >= 0) {
            throw new IllegalStateException("expected one " + start + " in the instance's server.xml to add the "
                    + "connection limits to");
        }
        return serverXml.substring(0, at) + start + " " + ConnectorLimits.ajpAttributes()
                + serverXml.substring(at + start.length());
    }

    Path serverXml() {
        return layout.base().resolve("conf/server.xml");
    }

    Path serverXmlTemplate() {
        return layout.conf().resolve("server.xml");
    }

    private static void unpack(Path war, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(war); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("WAR entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
