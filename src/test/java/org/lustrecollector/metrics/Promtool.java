package org.lustrecollector.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's real promtool (package prometheus, installed by .ci/run), run on a file or on standard input. */
public final class Promtool {
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    /** What promtool printed and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** {@code promtool check metrics} with the exposition on standard input. */
    public static Result checkMetrics(byte[] exposition) throws IOException, InterruptedException {
        return run(exposition, "check", "metrics");
    }

    public static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is missing: apt-get install prometheus (.ci/run does)");
        List<String> command = new ArrayList<>();
        command.add(PROMTOOL.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
