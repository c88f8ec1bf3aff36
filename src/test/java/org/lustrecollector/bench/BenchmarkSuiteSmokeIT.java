package org.lustrecollector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The whole benchmark suite, in its smoke form (tiny sizes, a second per wrk run): the collector's own
 * Tomcat with the fixed-body servlet beside it, the three Python references, wrk, a storm (from the trap file, and
 * from the kernel log with outage grouping off and on), trap-to-client
 * and idle cost, waitTraps clients waiting at once. Asserts that every benchmark produced a number and the report was written; never how
 * large a number is (docs/benchmarks.md).
 */
class BenchmarkSuiteSmokeIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void everyBenchmarkProducesANumberAndTheReportIsWritten() throws Exception {
        Path work = PROJECT.resolve("target/bench-smoke-it");
        Results results = new BenchmarkSuite(BenchmarkSuite.Options.parse("--smoke", "--work", work.toString())).run();

        Map<String, Double> m = results.measurements();
        List<String> expected = new ArrayList<>(List.of("jmh.parser.perSecond", "jmh.store.perSecond",
                "ingest.trapsPerSecond", "ingest.cpuSecondsPerMillion", "storm.coldSeconds", "storm.medianSeconds",
                "storm.getTraps.p50Ms", "storm.getTraps.p99Ms", "stormSaturated.medianSeconds", "stormSaturated.getTraps.p99Ms", "trapToClient.p50Ms", "trapToClient.p99Ms",
                "memory.rssAfterStormMb", "memory.heapUsedAfterStormMb", "waiters.writeToAnswer.p50Ms",
                "waiters.writeToAnswer.p99Ms", "waiters.threads.noWaiters", "waiters.threads.waiting",
                "waiters.storm.allAnsweredSeconds", "waiters.storm.caughtUp", "waiters.storm.maxAnswersPerWaiter",
                "waiters.storm.batchesSeen", "waiters.storm.getTraps.p99Ms", "waiters.monitors.requestsPerSecond",
                "waiters.monitors.p99Ms", "stormKernelLog.off.medianSeconds", "stormKernelLog.off.maxSeconds",
                "stormKernelLog.on.medianSeconds", "stormKernelLog.on.maxSeconds"));
        for (String target : List.of(BenchmarkReport.COLLECTOR, BenchmarkReport.FIXED, "python-stdlib",
                "python-threading", "python-twisted")) {
            for (String answer : List.of("traps250", "empty")) {
                for (String what : List.of("requestsPerSecond", "p50Ms", "p99Ms")) {
                    expected.add("polling." + target + "." + answer + ".c4." + what);
                }
            }
        }
        for (String key : expected) {
            assertTrue(m.containsKey(key), "no " + key + " in " + m.keySet());
            double value = m.get(key);
            assertTrue(Double.isFinite(value) && value > 0, key + " = " + value);
        }
        double idleCpu = m.get("idle.cpuSeconds");
        assertTrue(Double.isFinite(idleCpu) && idleCpu >= 0, "idle.cpuSeconds = " + idleCpu);
        for (String key : List.of("waiters.idle.cpuNoWaitersSeconds", "waiters.idle.cpuWaitingSeconds",
                "waiters.monitors.cpuSeconds")) {
            assertTrue(Double.isFinite(m.get(key)) && m.get(key) >= 0, key + " = " + m.get(key));
        }
        WaitersBenchmark.Result waiters = results.waiters();
        assertEquals(waiters.waiters(), waiters.storm().caughtUp(), "every waiter had the storm's last trap");
        assertEquals(waiters.waiters() * waiters.samples(), waiters.writeToAnswer().count(), "one answer per waiter and trap");
        assertEquals(List.of(), results.notes(), "every reference ran");
        Results.KernelLogStorms kernelLog = results.kernelLog();
        assertEquals(0, kernelLog.outagesOff(), "outagewindow = 0: getOutages lists none");
        assertEquals(kernelLog.on().storms() + kernelLog.on().warmUpSeconds().size() + 1, kernelLog.outagesOn(), "grouping on: one network outage per storm");

        String report = Files.readString(work.resolve("benchmarks.md"), StandardCharsets.UTF_8);
        assertTrue(report.contains(DocBlock.BEGIN) && report.contains(DocBlock.END), report);
        assertTrue(report.contains("### Targets") && report.contains("python-twisted"), report);
        assertTrue(report.contains("### Waiting clients (waitTraps)"), report);
    }
}
