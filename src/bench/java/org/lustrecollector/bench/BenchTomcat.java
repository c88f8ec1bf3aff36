package org.lustrecollector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.lustrecollector.launcher.TomcatCommand;

/**
 * The collector's own Tomcat for the benchmarks, started with {@code catalina.sh run} on a CATALINA_BASE
 * prepared here the way {@code tomcat/bin/lustre-collector} prepares its own: {@code tomcat/conf}'s
 * server.xml and logging.properties, Tomcat's stock web.xml, context.xml and catalina.properties, the WAR
 * unpacked as ROOT, the launcher's JVM options ({@link TomcatCommand#JVM_OPTIONS}) and the options as
 * {@code -Dlustre.collector.*} properties. Not through the launcher, so that a second web application
 * can be deployed next to the collector: {@code /fixed}, the {@link FixedBodyServlet}.
 */
final class BenchTomcat implements AutoCloseable {
    static final String HEAP = String.join(" ", TomcatCommand.JVM_OPTIONS);

    private final Process process;
    private final ProcessHandle jvm;
    private final InetSocketAddress address;
    private final Path base;

    private BenchTomcat(Process process, ProcessHandle jvm, InetSocketAddress address, Path base) {
        this.process = process;
        this.jvm = jvm;
        this.address = address;
        this.base = base;
    }

    /**
     * @param options   collector options, e.g. trapfile, lustreroot
     * @param bodies    the folder the fixed-body servlet answers from
     * @param jfr       a JFR recording file to write from start to stop, or null
     */
    static BenchTomcat start(Path project, Path base, int port, Map<String, String> options, Path bodies, Path jfr)
            throws IOException, InterruptedException {
        Path war = project.resolve("target/lustre-collector.war");
        Path home = tomcatHome(project);
        if (!Files.isRegularFile(war)) {
            throw new IOException("no WAR at " + war + " (run: mvn -q -B package -DskipTests)");
        }
        deleteTree(base);
        for (String folder : List.of("conf", "logs", "temp", "work", "webapps/ROOT", "webapps/fixed/WEB-INF", "home")) {
            Files.createDirectories(base.resolve(folder));
        }
        for (String stock : List.of("web.xml", "context.xml", "catalina.properties")) {
            Files.copy(home.resolve("conf").resolve(stock), base.resolve("conf").resolve(stock));
        }
        Files.copy(project.resolve("tomcat/conf/logging.properties"), base.resolve("conf/logging.properties"));
        // Where server.xml is a template the launcher fills in: no AJP connector, and no refused users (a
        // benchmark runs as whoever builds, root on CI, as the launcher's demo may).
        Files.writeString(base.resolve("conf/server.xml"), Files.readString(project.resolve("tomcat/conf/server.xml"),
                StandardCharsets.UTF_8).replace("<!--@AJP_CONNECTOR@-->", "<!-- AJP off: benchmark -->")
                .replace("@REFUSED_OS_USERS@", ""), StandardCharsets.UTF_8);
        unpack(war, base.resolve("webapps/ROOT"));
        fixedBodyWebapp(base.resolve("webapps/fixed"), bodies);

        Path config = base.resolve("bench.conf");
        Files.writeString(config, "; all options come from -Dlustre.collector.* properties\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("host", "127.0.0.1");
        all.put("port", String.valueOf(port));
        all.put("filename", config.toString());
        all.put("allow", "127.0.0.1/32");
        all.putAll(options);
        StringBuilder opts = new StringBuilder(HEAP);
        all.forEach((k, v) -> opts.append(" -Dlustre.collector.").append(k).append('=').append(v));
        if (jfr != null) {
            opts.append(" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=settings=profile,filename=").append(jfr);
        }

        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(base.resolve("logs/console.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("CATALINA_OPTS", opts.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("JAVA_OPTS");
        env.remove("CATALINA_PID");
        // Keep the benchmark's collector away from the user's ~/.lustre-collector.
        env.put("HOME", base.resolve("home").toString());
        Process process = pb.start();
        // catalina.sh run execs java; should a shell stay in between, the JVM is its child.
        ProcessHandle jvm = process.toHandle().info().command().orElse("").endsWith("java") ? process.toHandle()
                : process.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                        .findFirst().orElse(process.toHandle());
        BenchTomcat tomcat = new BenchTomcat(process, jvm, new InetSocketAddress("127.0.0.1", port), base);
        try {
            tomcat.awaitAnswering(120);
        } catch (IOException | RuntimeException e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    private static Path tomcatHome(Path project) throws IOException {
        try (Stream<Path> homes = Files.list(project.resolve("target/tomcat"))) {
            return homes.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-"))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IOException("no Tomcat under target/tomcat (run: mvn -q -B package -DskipTests)"));
        }
    }

    private void awaitAnswering(int seconds) throws IOException {
        try {
            Awaitility.await("collector answering on " + address).atMost(Duration.ofSeconds(seconds))
                    .pollInterval(Duration.ofMillis(200)).until(() -> !process.isAlive() || answers());
        } catch (ConditionTimeoutException e) {
            throw new IOException(e.getMessage() + "; see " + base.resolve("logs"), e);
        }
        if (!process.isAlive()) {
            throw new IOException("Tomcat exited with " + process.exitValue() + "; see " + base.resolve("logs"));
        }
    }

    private boolean answers() {
        try (KeepAliveClient client = new KeepAliveClient(address, "/")) {
            client.post(XmlRpcCalls.getTraps(XmlRpcCalls.FUTURE));
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void unpack(Path war, Path into) throws IOException {
        try (JarFile jar = new JarFile(war.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the WAR's folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void fixedBodyWebapp(Path webapp, Path bodies) throws IOException {
        String name = FixedBodyServlet.class.getName();
        Path classFile = webapp.resolve("WEB-INF/classes").resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = FixedBodyServlet.class.getResourceAsStream(FixedBodyServlet.class.getSimpleName() + ".class")) {
            Files.copy(in, classFile);
        }
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <servlet>
                    <servlet-name>fixed</servlet-name>
                    <servlet-class>%s</servlet-class>
                    <init-param><param-name>bodies</param-name><param-value>%s</param-value></init-param>
                  </servlet>
                  <servlet-mapping><servlet-name>fixed</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(name, bodies.toAbsolutePath()), StandardCharsets.UTF_8);
    }

    InetSocketAddress address() {
        return address;
    }

    long pid() {
        return jvm.pid();
    }

    Path base() {
        return base;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
