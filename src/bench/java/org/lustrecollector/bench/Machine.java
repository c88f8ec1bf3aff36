package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks ran on, from /proc and the JVM. */
record Machine(int cpus, String cpuModel, double ramGb, String jdk, String os) {

    static Machine describe() throws IOException {
        String model = "unknown";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
            if (line.startsWith("model name")) {
                model = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        double ramGb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8)) {
            if (line.startsWith("MemTotal:")) {
                ramGb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
            }
        }
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
        return new Machine(Runtime.getRuntime().availableProcessors(), model, ramGb, jdk, os);
    }

    /** The 1-minute load average, /proc/loadavg's first field. */
    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ")[0]);
    }
}
