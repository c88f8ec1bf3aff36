package org.lustrecollector.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Apache httpd 2.4 (package apache2, installed by .ci/run), started by the test as a single
 * foreground process with its own ServerRoot, on a free loopback port, serving the project's snippet
 * conf/apache/lustre-collector.conf. Run by root, Apache's worker drops to nobody, so its folder must be
 * readable by everyone; the caller gives it such a folder.
 */
final class ApacheHttpd implements AutoCloseable {
    static final Path HTTPD = Path.of("/usr/sbin/apache2");
    static final Path MODULES = Path.of("/usr/lib/apache2/modules");
    static final Path SNIPPET = LauncherProcess.PROJECT.resolve("conf/apache/lustre-collector.conf");

    final int port;
    final Path root;
    private final Process process;

    private ApacheHttpd(int port, Path root, Process process) {
        this.port = port;
        this.root = root;
        this.process = process;
    }

    /**
     * What every test Apache's httpd.conf starts with: its ServerRoot (with a logs folder made here), one
     * loopback port, its pid file and error log, and {@code modules} loaded from Debian's module folder.
     */
    static StringBuilder baseConfig(Path root, int port, String... modules) throws IOException {
        Files.createDirectories(root.resolve("logs"));
        StringBuilder conf = new StringBuilder()
                .append("ServerRoot ").append(root).append('\n')
                .append("ServerName 127.0.0.1\n")
                .append("Listen 127.0.0.1:").append(port).append('\n')
                .append("PidFile ").append(root.resolve("httpd.pid")).append('\n')
                .append("DefaultRuntimeDir ").append(root).append('\n')
                .append("ErrorLog ").append(root.resolve("logs/error.log")).append('\n')
                .append("LogLevel warn\n")
                // Only used when started by root: Apache does not serve as root.
                .append("User nobody\nGroup nogroup\n");
        for (String module : modules) {
            conf.append("LoadModule ").append(module).append("_module ")
                    .append(MODULES.resolve("mod_" + module + ".so")).append('\n');
        }
        return conf;
    }

    /**
     * @param root     its ServerRoot, logs and configuration; readable by everyone
     * @param ajpPort  the collector's AJP port
     * @param secret   the AJP secret Apache sends
     * @param htpasswd users and passwords
     */
    static ApacheHttpd start(Path root, int ajpPort, String secret, Path htpasswd) throws IOException {
        int port = LauncherProcess.freePort();
        StringBuilder conf = baseConfig(root, port, "mpm_event", "authz_core", "authz_user", "authn_core",
                "authn_file", "auth_basic", "proxy", "proxy_ajp");
        conf.append("Define LUSTRE_COLLECTOR_AJP_SECRET ").append(secret).append('\n')
                .append("Define LUSTRE_COLLECTOR_AJP ajp://127.0.0.1:").append(ajpPort).append("/\n")
                .append("Define LUSTRE_COLLECTOR_HTPASSWD ").append(htpasswd).append('\n')
                .append("Include ").append(SNIPPET).append('\n');
        Path confFile = root.resolve("httpd.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(HTTPD.toString(), "-d", root.toString(), "-f", confFile.toString(), "-X")
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("logs/stdout.log").toFile())
                .start();
        ApacheHttpd httpd = new ApacheHttpd(port, root, process);
        TomcatItSupport.awaitCondition("Apache httpd listening on " + port + " (see " + root.resolve("logs") + ")",
                Duration.ofSeconds(30), () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Apache httpd exited with " + process.exitValue() + ": "
                                + httpd.errorLog());
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        return httpd;
    }

    String errorLog() {
        try {
            return Files.readString(root.resolve("logs/stdout.log")) + Files.readString(root.resolve("logs/error.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
