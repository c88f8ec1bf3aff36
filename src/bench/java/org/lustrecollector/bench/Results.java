package org.lustrecollector.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run of the suite measured, and where. */
record Results(boolean smoke, Machine machine, Instant started, double seconds, double loadAtStart, double loadAtEnd,
               Map<String, Double> jmh, IngestBenchmark.Result ingest, int fileSystems, int ostsPerFileSystem,
               List<String> pollingTargets, List<PollingBenchmark.Row> polling, int wrkSeconds, int wrkRounds,
               StormBenchmark.Result storm, StormBenchmark.Result stormSaturated, Latencies trapToClient, Idle idle,
               WaitersBenchmark.Result waiters, KernelLogStorms kernelLog, List<String> notes) {

    /**
     * The same storm as console lines in the collector's kernel log, with outage grouping off
     * ({@code outagewindow = 0}) and on (the default), and the network outages getOutages listed after each;
     * and, on the same two collectors before that, the trap file's storm.
     */
    record KernelLogStorms(StormBenchmark.Result off, StormBenchmark.Result on, int outagesOff, int outagesOn,
                           StormBenchmark.Result trapFileOff, StormBenchmark.Result trapFileOn) {
    }

    /** Idle cost and memory of the collector's Tomcat JVM. */
    record Idle(double seconds, double cpuSeconds, double rssAfterStormMb, ProcessStats.Heap heapAfterStorm,
                double rssAfterIdleMb) {
        double percentOfOneCore() {
            return cpuSeconds / seconds * 100;
        }
    }

    /** Every number the run produced, by a stable name: what the smoke test checks is there. */
    Map<String, Double> measurements() {
        Map<String, Double> m = new LinkedHashMap<>();
        jmh.forEach((name, score) -> m.put("jmh." + name + ".perSecond", score));
        m.put("ingest.trapsPerSecond", ingest.trapsPerSecond());
        m.put("ingest.cpuSecondsPerMillion", ingest.cpuSecondsPerMillion());
        for (PollingBenchmark.Row row : polling) {
            String key = "polling." + row.target() + "." + row.answer().file + ".c" + row.connections();
            m.put(key + ".requestsPerSecond", row.result().requestsPerSecond());
            m.put(key + ".p50Ms", row.result().p50Ms());
            m.put(key + ".p99Ms", row.result().p99Ms());
        }
        m.put("storm.coldSeconds", storm.coldSeconds());
        m.put("storm.medianSeconds", storm.medianSeconds());
        m.put("storm.getTraps.p50Ms", storm.getTraps().p50Ms());
        m.put("storm.getTraps.p99Ms", storm.getTraps().p99Ms());
        m.put("stormSaturated.medianSeconds", stormSaturated.medianSeconds());
        m.put("stormSaturated.getTraps.p99Ms", stormSaturated.getTraps().p99Ms());
        m.put("stormKernelLog.off.coldSeconds", kernelLog.off().coldSeconds());
        m.put("stormKernelLog.off.medianSeconds", kernelLog.off().medianSeconds());
        m.put("stormKernelLog.off.maxSeconds", kernelLog.off().maxSeconds());
        m.put("stormKernelLog.on.coldSeconds", kernelLog.on().coldSeconds());
        m.put("stormKernelLog.on.medianSeconds", kernelLog.on().medianSeconds());
        m.put("stormKernelLog.on.maxSeconds", kernelLog.on().maxSeconds());
        m.put("stormTrapFile.off.maxSeconds", kernelLog.trapFileOff().maxSeconds());
        m.put("stormTrapFile.on.maxSeconds", kernelLog.trapFileOn().maxSeconds());
        m.put("stormKernelLog.off.networkOutages", (double) kernelLog.outagesOff());
        m.put("stormKernelLog.on.networkOutages", (double) kernelLog.outagesOn());
        m.put("trapToClient.p50Ms", trapToClient.p50Ms());
        m.put("trapToClient.p99Ms", trapToClient.p99Ms());
        m.put("idle.cpuSeconds", idle.cpuSeconds());
        m.put("memory.rssAfterStormMb", idle.rssAfterStormMb());
        m.put("memory.heapUsedAfterStormMb", idle.heapAfterStorm().usedMb());
        m.put("waiters.writeToAnswer.p50Ms", waiters.writeToAnswer().p50Ms());
        m.put("waiters.writeToAnswer.p99Ms", waiters.writeToAnswer().p99Ms());
        m.put("waiters.threads.noWaiters", (double) waiters.threads().noWaiters());
        m.put("waiters.threads.waiting", (double) waiters.threads().waiting());
        m.put("waiters.idle.cpuNoWaitersSeconds", waiters.idle().cpuNoWaiters());
        m.put("waiters.idle.cpuWaitingSeconds", waiters.idle().cpuWaiting());
        m.put("waiters.storm.allAnsweredSeconds", waiters.storm().allAnsweredSeconds());
        m.put("waiters.storm.caughtUp", (double) waiters.storm().caughtUp());
        m.put("waiters.storm.maxAnswersPerWaiter", (double) waiters.storm().maxAnswers());
        m.put("waiters.storm.batchesSeen", (double) waiters.storm().batchesSeen());
        m.put("waiters.storm.getTraps.p99Ms", waiters.storm().getTraps().p99Ms());
        m.put("waiters.monitors.requestsPerSecond", waiters.monitors().requestsPerSecond());
        m.put("waiters.monitors.p99Ms", waiters.monitors().latency().p99Ms());
        m.put("waiters.monitors.cpuSeconds", waiters.monitors().cpuSeconds());
        return m;
    }

    /** The row of a target, answer and number of connections, if measured. */
    java.util.Optional<PollingBenchmark.Row> row(String target, PollingBenchmark.Answer answer, int connections) {
        return polling.stream()
                .filter(r -> r.target().equals(target) && r.answer() == answer && r.connections() == connections)
                .findFirst();
    }
}
