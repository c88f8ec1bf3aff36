package org.lustrecollector.monitor;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * lustre-monitor run in-process through its command-line entry point, its standard output and error
 * captured: to completion ({@link #once}) or in the background until {@link #stop}.
 */
public final class MonitorRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicInteger status = new AtomicInteger(Integer.MIN_VALUE);
    private Thread thread;

    /** Runs to the end (--once, --status, a bad option) and returns the run with its exit status. */
    public static MonitorRun once(Map<String, String> env, String... args) {
        MonitorRun run = new MonitorRun();
        run.status.set(run.invoke(env, args));
        return run;
    }

    /** Starts a watching monitor in a thread of its own. */
    public static MonitorRun start(Map<String, String> env, String... args) {
        MonitorRun run = new MonitorRun();
        run.thread = new Thread(() -> run.status.set(run.invoke(env, args)), "monitor-under-test");
        run.thread.setDaemon(true);
        run.thread.start();
        return run;
    }

    private int invoke(Map<String, String> env, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return LustreMonitor.run(args, o, e, env, stop, false);
    }

    /** Ends a started monitor after its current round; returns its exit status. */
    public int stop() throws InterruptedException {
        stop.countDown();
        thread.join(Duration.ofSeconds(30).toMillis());
        assertTrue(!thread.isAlive(), "the monitor ended within 30 s of being stopped");
        return status.get();
    }

    public int status() {
        return status.get();
    }

    public List<String> lines() {
        String text;
        synchronized (out) {
            text = out.toString(StandardCharsets.UTF_8);
        }
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    public String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    public long count(Predicate<String> line) {
        return lines().stream().filter(line).count();
    }

    /** Waits until a line of output matches; fails with the output so far at the deadline. */
    public void awaitLine(String what, Duration timeout, Predicate<String> line) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines().stream().noneMatch(line)) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + " waiting for " + what + "; output:\n" + String.join("\n", lines())
                        + "\nerrors:\n" + err());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // between checks, not a synchronisation sleep
        }
    }
}
