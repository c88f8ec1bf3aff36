package org.lustrecollector.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.lustrecollector.follow.AppendedFileFollower;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.trap.TrapStore;
import org.lustrecollector.trapfile.TrapFileIngest;

/**
 * Ingest: a trap file of {@code lines} storm lines read, parsed and stored on one thread by the collector's
 * own parts ({@link AppendedFileFollower}, {@link TrapFileIngest}, {@link TrapStore} of 250), as the collector
 * thread does it. Two rounds to warm the JIT, then {@code rounds} measured ones; wall time and the thread's
 * CPU time ({@link ThreadMXBean}) of the median round, because single rounds of the same code vary widely on
 * a shared machine. The file is read from the page cache.
 */
final class IngestBenchmark {

    record Result(int lines, double wallSeconds, double cpuSeconds) {
        double trapsPerSecond() {
            return lines / wallSeconds;
        }

        double cpuSecondsPerMillion() {
            return cpuSeconds / lines * 1_000_000;
        }
    }

    static final int WARM_UP_ROUNDS = 2;

    private IngestBenchmark() {
    }

    static Result run(Path folder, int lines, int rounds) throws IOException {
        Path file = folder.resolve("ingest-" + lines + ".traps");
        if (!Files.exists(file)) {
            Files.createDirectories(folder);
            Path partial = folder.resolve(file.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                for (int written = 0; written < lines; written += 100_000) {
                    out.write(StormLines.storm("ingest-" + written + "-", Math.min(100_000, lines - written),
                            1_780_000_000L));
                }
            }
            Files.move(partial, file);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Result> measured = new ArrayList<>();
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            TrapStore store = new TrapStore(250, Duration.ofHours(24), InstantSource.system());
            TrapFileIngest ingest = new TrapFileIngest(file.toString(), store, new AtomicLong(),
                    RateLimitedLog.perMinute(IngestBenchmark.class, 5));
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            try (AppendedFileFollower reader = new AppendedFileFollower(file, "Trap file")) {
                reader.read(ingest);
            }
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long received = store.counts().totalReceived();
            if (received != lines) {
                throw new IllegalStateException("ingest stored " + received + " of " + lines + " traps");
            }
            if (round >= 0) {
                measured.add(new Result(lines, wall / 1e9, cpu / 1e9));
            }
        }
        measured.sort((a, b) -> Double.compare(a.wallSeconds(), b.wallSeconds()));
        return measured.get(measured.size() / 2);
    }
}
