package org.lustrecollector.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.xmlrpc.XmlRpcException;

/** Runs the commands the packaging tests drive (rpm, the init script, tar) and waits for collectors. */
final class Commands {
    private Commands() {
    }

    /** What a finished command said: its exit status and its output and error, merged. */
    record Result(int status, String output) {
    }

    static Result run(Path workDir, Map<String, String> env, Duration timeout, String... command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("command", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ": "
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        return run(workDir, Map.of(), Duration.ofSeconds(60), command);
    }

    /** Runs a command that must succeed, and returns its output. */
    static String ok(Path workDir, String... command) throws IOException, InterruptedException {
        Result r = run(workDir, command);
        assertTrue(r.status() == 0, String.join(" ", command) + " exited " + r.status() + ": " + r.output());
        return r.output();
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Waits until the collector at {@code url} answers getTraps. */
    static void awaitTraps(URL url, Duration timeout) {
        TomcatItSupport.awaitCondition("getTraps answered at " + url, timeout, () -> {
            try {
                return TomcatItSupport.call(url, "getTraps", 0) instanceof Object[];
            } catch (XmlRpcException notYet) {
                return false;
            }
        });
    }

    /** Waits until a process is gone. */
    static void awaitGone(long pid, Duration timeout) {
        TomcatItSupport.awaitCondition("pid " + pid + " gone", timeout,
                () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    static long pidIn(Path pidFile) throws IOException {
        return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
