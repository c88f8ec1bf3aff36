package org.lustrecollector.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code -d}: starts Tomcat detached with catalina.sh start (nohup, a pid file, output in logs/catalina.out)
 * and returns only once the collector answers getLastTimestamp (exit 0) or has failed: Tomcat exited, or did not
 * answer in time and was stopped (exit 1).
 */
final class DaemonStart {
    static final int STARTED = 0;
    static final int FAILED = 1;
    private static final Duration POLL = Duration.ofMillis(250);

    private final LauncherLayout layout;
    private final TomcatCommand tomcat;
    private final CollectorProbe probe;
    private final Duration patience;
    private final PrintStream out;
    private final PrintStream err;

    DaemonStart(LauncherLayout layout, TomcatCommand tomcat, CollectorProbe probe, Duration patience,
                PrintStream out, PrintStream err) {
        this.layout = layout;
        this.tomcat = tomcat;
        this.probe = probe;
        this.patience = patience;
        this.out = out;
        this.err = err;
    }

    /** Fails before the instance is touched when it runs already or its port is taken. */
    Optional<String> obstacle(String host, int port) {
        Optional<Long> running = runningPid();
        if (running.isPresent()) {
            return Optional.of("already running (pid " + running.get() + ", " + layout.pidFile() + ")");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            return Optional.of("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    int start() throws IOException, InterruptedException {
        Files.deleteIfExists(layout.pidFile());
        ProcessBuilder pb = new ProcessBuilder(tomcat.catalinaSh(), "start")
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.catalinaOut().toFile()));
        pb.environment().putAll(tomcat.environment());
        pb.environment().put("CATALINA_PID", layout.pidFile().toString());
        pb.environment().put("CATALINA_OUT", layout.catalinaOut().toString());
        Process catalina = pb.start();
        if (!catalina.waitFor(60, TimeUnit.SECONDS) || catalina.exitValue() != 0) {
            catalina.destroy();
            return failed("catalina.sh start failed");
        }
        Optional<Long> pid = runningPid();
        if (pid.isEmpty()) {
            return failed("Tomcat exited at once");
        }
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!alive(pid.get())) {
                return failed("Tomcat (pid " + pid.get() + ") exited");
            }
            switch (probe.ask()) {
                case ANSWERS -> {
                    out.println("lustre-collector: running (pid " + pid.get() + ") at " + probe.uri()
                            + "; logs in " + layout.logs());
                    return STARTED;
                }
                case REFUSED -> {
                    out.println("lustre-collector: running (pid " + pid.get() + ") at " + probe.uri()
                            + ", which refuses this host (allow); logs in " + layout.logs());
                    return STARTED;
                }
                case NONE -> Thread.sleep(POLL.toMillis());
            }
        }
        ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroy);
        return failed("no answer from " + probe.uri() + " within " + patience.toSeconds() + " s; stopped pid " + pid.get());
    }

    Optional<Long> runningPid() {
        Path file = layout.pidFile();
        try {
            long pid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
            return alive(pid) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private int failed(String why) {
        err.println("lustre-collector: failed to start: " + why + "; see " + layout.catalinaOut());
        try {
            List<String> lines = Files.readAllLines(layout.catalinaOut(), StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(line -> err.println("  " + line));
        } catch (IOException ignored) {
            // no log to show: the line above says where it would be
        }
        return FAILED;
    }
}
