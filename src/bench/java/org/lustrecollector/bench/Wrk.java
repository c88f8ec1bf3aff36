package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code wrk} with {@code src/bench/getTraps.lua}: keep-alive connections, each POSTing
 * one XML-RPC body as fast as answers come back, and reads the line the script prints.
 */
final class Wrk {
    /** One wrk run. Latencies in milliseconds; errors are connect, read, write, non-2xx and timeouts together. */
    record Result(long requests, double seconds, double p50Ms, double p99Ms, double maxMs, long errors,
                  long timeouts) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final Path script;

    Wrk(Path script) {
        this.script = script;
    }

    static boolean installed() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result run(String url, Path body, int connections, int seconds) throws IOException, InterruptedException {
        // wrk needs at least one connection per thread; two threads for the two cores of the machine.
        int threads = Math.min(2, connections);
        List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(threads), "-c",
                String.valueOf(connections), "-d", seconds + "s", "--timeout", "5s", "-s", script.toString(), url));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("WRK_BODY", body.toAbsolutePath().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("wrk failed: " + String.join(" ", command) + "\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                return parse(line);
            }
        }
        throw new IOException("no RESULT line from wrk:\n" + output);
    }

    private static Result parse(String line) {
        Map<String, Long> v = new HashMap<>();
        for (String pair : line.substring(7).trim().split(" ")) {
            String[] kv = pair.split("=");
            v.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Result(v.get("requests"), v.get("duration_us") / 1e6, v.get("p50_us") / 1e3,
                v.get("p99_us") / 1e3, v.get("max_us") / 1e3,
                v.get("connect") + v.get("read") + v.get("write") + v.get("status") + v.get("timeout"),
                v.get("timeout"));
    }

    static void writeBody(Path file, byte[] body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, body);
    }
}
