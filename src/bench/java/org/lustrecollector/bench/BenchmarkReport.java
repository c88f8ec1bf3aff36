package org.lustrecollector.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.lustrecollector.bench.PollingBenchmark.Answer;
import org.lustrecollector.bench.PollingBenchmark.Row;

/** The markdown block the suite writes into docs/benchmarks.md: the targets, then each benchmark's numbers. */
final class BenchmarkReport {
    static final String COLLECTOR = "collector";
    static final String FIXED = "fixed-body servlet";
    static final String PYTHON_PREFIX = "python-";
    /** The load point of the polling targets. */
    static final int TARGET_CONNECTIONS = 64;
    /** How many more collector threads with the waiters than without still count as the same. */
    static final int THREADS_SLACK = 4;

    private BenchmarkReport() {
    }

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        md.append("## Results of the last run\n\n");
        md.append("Written by `src/bench/run-benchmarks`").append(r.smoke() ? " --smoke (tiny sizes: not a measurement)" : "")
                .append("; the method of each benchmark is below, under [How the suite measures](#how-the-suite-measures).\n\n");
        Machine m = r.machine();
        md.append(String.format(Locale.ROOT, "- **When:** %s UTC, %.0f s; 1-minute load average %.2f at the start, %.2f at the end%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(r.started().atOffset(ZoneOffset.UTC)),
                r.seconds(), r.loadAtStart(), r.loadAtEnd()));
        md.append(String.format(Locale.ROOT, "- **Machine:** %d CPUs (`nproc`), %s, %.1f GiB RAM, %s, %s; shared with other builds%n",
                m.cpus(), m.cpuModel(), m.ramGb(), m.jdk(), m.os()));
        md.append(String.format(Locale.ROOT, "- **Collector:** its own Tomcat (`tomcat/conf/server.xml`, %s), maxtraps 250, a regular trap file, "
                + "`lustreroot` a fixture tree of %d filesystems × %,d OSTs, interval 5 s%n", BenchTomcat.HEAP,
                r.fileSystems(), r.ostsPerFileSystem()));
        for (String note : r.notes()) {
            md.append("- ").append(note).append('\n');
        }
        md.append('\n');
        targets(md, r);
        ingest(md, r);
        polling(md, r);
        storm(md, r);
        waiters(md, r);
        return md.toString();
    }

    private static void targets(StringBuilder md, Results r) {
        md.append("### Targets\n\n| target | measured | goal | met |\n|---|---|---|---|\n");
        for (Answer answer : Answer.values()) {
            double goal = answer == Answer.TRAPS_250 ? 5 : 3;
            Optional<Row> collector = r.row(COLLECTOR, answer, TARGET_CONNECTIONS);
            Optional<Row> python = bestPython(r, answer, TARGET_CONNECTIONS);
            Optional<Row> fixed = r.row(FIXED, answer, TARGET_CONNECTIONS);
            String what = "getTraps " + answer.label + ", " + TARGET_CONNECTIONS + " connections";
            if (collector.isPresent() && python.isPresent()) {
                double ratio = rps(collector.get()) / rps(python.get());
                target(md, what + ": collector ÷ best Python reference",
                        String.format(Locale.ROOT, "%.1f× (%,.0f ÷ %,.0f req/s, %s)", ratio, rps(collector.get()),
                                rps(python.get()), python.get().target()), "≥ " + (int) goal + "×", ratio >= goal);
                double p99 = collector.get().result().p99Ms();
                target(md, what + ": collector p99", ms(p99), "≤ 10 ms", p99 <= 10);
            } else {
                notMeasured(md, what);
            }
            if (collector.isPresent() && fixed.isPresent()) {
                double share = rps(collector.get()) / rps(fixed.get());
                target(md, what + ": collector ÷ fixed-body servlet",
                        String.format(Locale.ROOT, "%.0f %% (%,.0f ÷ %,.0f req/s)", share * 100, rps(collector.get()),
                                rps(fixed.get())), "≥ 80 %", share >= 0.8);
            }
        }
        IngestBenchmark.Result in = r.ingest();
        target(md, String.format(Locale.ROOT, "ingest: %,d-line trap file read, parsed, stored on one thread", in.lines()),
                String.format(Locale.ROOT, "%,.0f traps/s", in.trapsPerSecond()), "≥ 1,000,000/s",
                in.trapsPerSecond() >= 1_000_000);
        StormBenchmark.Result s = r.storm();
        target(md, String.format(Locale.ROOT, "storm: %,d traps in one write, until all are stored (%d clients polling every %d ms; outage grouping on, the default)",
                        s.traps(), s.clients(), s.pollEveryMillis()),
                String.format(Locale.ROOT, "%s median, %s worst of %d (cold: %s; then %d warm-up storms)",
                        ms(s.medianSeconds() * 1000), ms(s.maxSeconds() * 1000), s.storms(), ms(s.coldSeconds() * 1000),
                        s.warmUpSeconds().size()), "< 200 ms",
                s.maxSeconds() < 0.2);
        target(md, "storm: getTraps(0) p99 meanwhile", ms(s.getTraps().p99Ms()), "< 50 ms", s.getTraps().p99Ms() < 50);
        Results.KernelLogStorms k = r.kernelLog();
        StormBenchmark.Result tOn = k.trapFileOn();
        StormBenchmark.Result tOff = k.trapFileOff();
        target(md, String.format(Locale.ROOT, "storm, outage grouping off and on in one run: the same storm on two collectors "
                        + "that differ only in outagewindow (off: %s median, %s worst)", ms(tOff.medianSeconds() * 1000),
                        ms(tOff.maxSeconds() * 1000)),
                String.format(Locale.ROOT, "on: %s median, %s worst of %d", ms(tOn.medianSeconds() * 1000),
                        ms(tOn.maxSeconds() * 1000), tOn.storms()), "< 200 ms, on and off",
                tOn.maxSeconds() < 0.2 && tOff.maxSeconds() < 0.2);
        StormBenchmark.Result on = k.on();
        StormBenchmark.Result off = k.off();
        md.append(String.format(Locale.ROOT, "| stress, not a target: %,d lost connections as console lines in one write "
                        + "(Lustre's console rate limit lets the first two through, then a Skipped count), until all are stored; grouping's cost "
                        + "is on − off | on: %s median, %s worst of %d; off: %s median, %s worst; on − off: %+.0f ms median "
                        + "(%+.0f %%) | – | – |%n", on.traps(), ms(on.medianSeconds() * 1000), ms(on.maxSeconds() * 1000),
                on.storms(), ms(off.medianSeconds() * 1000), ms(off.maxSeconds() * 1000),
                (on.medianSeconds() - off.medianSeconds()) * 1000,
                (on.medianSeconds() / off.medianSeconds() - 1) * 100));
        target(md, "trap-to-client: line written → in getTraps, p99", ms(r.trapToClient().p99Ms()), "< 50 ms",
                r.trapToClient().p99Ms() < 50);
        Results.Idle idle = r.idle();
        target(md, String.format(Locale.ROOT, "idle CPU, %.0f s over the %d × %,d tree", idle.seconds(), r.fileSystems(),
                        r.ostsPerFileSystem()),
                String.format(Locale.ROOT, "%.2f CPU s = %.2f %% of one core", idle.cpuSeconds(), idle.percentOfOneCore()),
                "< 1 %", idle.percentOfOneCore() < 1);
        target(md, "RSS after the storms", String.format(Locale.ROOT, "%.0f MB", idle.rssAfterStormMb()), "< 300 MB",
                idle.rssAfterStormMb() < 300);
        waiterTargets(md, r.waiters());
        md.append('\n');
    }

    private static void ingest(StringBuilder md, Results r) {
        md.append("### Ingest\n\n| what | result |\n|---|---|\n");
        r.jmh().forEach((name, score) -> md.append(String.format(Locale.ROOT, "| JMH `%s` | %,.0f %s/s |%n",
                name.equals("parser") ? "TrapLineParserBenchmark.parse" : "TrapStoreBenchmark.addAll", score,
                name.equals("parser") ? "lines" : "traps")));
        IngestBenchmark.Result in = r.ingest();
        md.append(String.format(Locale.ROOT, "| %,d-line trap file → reader → parser → store, one thread | %,.0f traps/s; %.3f s wall, %.3f CPU s; **%.2f CPU s per million traps** |%n%n",
                in.lines(), in.trapsPerSecond(), in.wallSeconds(), in.cpuSeconds(), in.cpuSecondsPerMillion()));
    }

    private static void polling(StringBuilder md, Results r) {
        String runs = r.wrkRounds() == 1 ? String.format(Locale.ROOT, "one run of %d s", r.wrkSeconds())
                : String.format(Locale.ROOT, "the median of %d runs of %d s", r.wrkRounds(), r.wrkSeconds());
        md.append("### Polling (wrk, ").append(runs).append("; requests/s, then p50 / p99 latency)\n\n");
        List<String> targets = r.pollingTargets();
        for (Answer answer : Answer.values()) {
            md.append("getTraps, ").append(answer.label).append(":\n\n| connections |");
            for (String t : targets) {
                md.append(' ').append(t).append(" |");
            }
            md.append(" collector ÷ best Python | collector ÷ fixed |\n|---:|");
            md.append("---|".repeat(targets.size() + 2)).append('\n');
            List<Integer> connections = new ArrayList<>();
            r.polling().stream().filter(row -> row.answer() == answer).map(Row::connections).distinct()
                    .forEach(connections::add);
            for (int c : connections) {
                md.append("| ").append(c).append(" |");
                for (String t : targets) {
                    md.append(' ').append(r.row(t, answer, c).map(BenchmarkReport::cell).orElse("–")).append(" |");
                }
                Optional<Row> collector = r.row(COLLECTOR, answer, c);
                Optional<Row> python = bestPython(r, answer, c);
                Optional<Row> fixed = r.row(FIXED, answer, c);
                md.append(' ').append(collector.isPresent() && python.isPresent()
                        ? String.format(Locale.ROOT, "%.1f×", rps(collector.get()) / rps(python.get())) : "–").append(" |");
                md.append(' ').append(collector.isPresent() && fixed.isPresent()
                        ? String.format(Locale.ROOT, "%.0f %%", 100 * rps(collector.get()) / rps(fixed.get())) : "–").append(" |\n");
            }
            md.append('\n');
        }
    }

    /** "5 storms after a cold one and 4 warm-up storms". */
    private static String measuredStorms(StormBenchmark.Result s) {
        return String.format(Locale.ROOT, "%d storms after a cold one and %d warm-up storms", s.storms(),
                s.warmUpSeconds().size());
    }

    private static void storm(StringBuilder md, Results r) {
        StormBenchmark.Result s = r.storm();
        Latencies t = r.trapToClient();
        Results.Idle idle = r.idle();
        md.append("### Storm, trap-to-client, idle, memory\n\n| what | result |\n|---|---|\n");
        for (StormBenchmark.Result storm : List.of(s, r.stormSaturated())) {
            String pollers = storm.pollEveryMillis() > 0
                    ? String.format(Locale.ROOT, "%d clients polling every %d ms", storm.clients(), storm.pollEveryMillis())
                    : String.format(Locale.ROOT, "%d clients polling back to back", storm.clients());
            md.append(String.format(Locale.ROOT, "| storm of %,d traps, %s: until all stored (%s) | median %s, worst %s; every storm (ms): %s |%n",
                    storm.traps(), pollers, measuredStorms(storm), ms(storm.medianSeconds() * 1000),
                    ms(storm.maxSeconds() * 1000), storm.series()));
            md.append(String.format(Locale.ROOT, "| getTraps(0) during those storms (%,d calls) | p50 %s, p99 %s, max %s |%n",
                    storm.getTraps().count(), ms(storm.getTraps().p50Ms()), ms(storm.getTraps().p99Ms()),
                    ms(storm.getTraps().maxMs())));
        }
        Results.KernelLogStorms k = r.kernelLog();
        for (StormBenchmark.Result ts : List.of(k.trapFileOff(), k.trapFileOn())) {
            md.append(String.format(Locale.ROOT, "| the same storm of %,d traps on a collector of its own, outage grouping %s: until all stored (%s) | median %s, worst %s; every storm (ms): %s |%n",
                    ts.traps(), ts == k.trapFileOn() ? "on (default outagewindow)" : "off (outagewindow = 0)",
                    measuredStorms(ts), ms(ts.medianSeconds() * 1000), ms(ts.maxSeconds() * 1000), ts.series()));
        }
        for (StormBenchmark.Result ks : List.of(k.off(), k.on())) {
            boolean on = ks == k.on();
            md.append(String.format(Locale.ROOT, "| storm of %,d lost connections as kernel-log console lines, outage grouping %s, %d clients polling every %d ms: until all stored (%s) | median %s, worst %s; every storm (ms): %s; %d network outages in getOutages |%n",
                    ks.traps(), on ? "on (default outagewindow)" : "off (outagewindow = 0)", ks.clients(), ks.pollEveryMillis(),
                    measuredStorms(ks), ms(ks.medianSeconds() * 1000), ms(ks.maxSeconds() * 1000), ks.series(),
                    on ? k.outagesOn() : k.outagesOff()));
        }
        md.append(String.format(Locale.ROOT, "| trap-to-client (%d lines) | p50 %s, p99 %s, max %s |%n",
                t.count(), ms(t.p50Ms()), ms(t.p99Ms()), ms(t.maxMs())));
        md.append(String.format(Locale.ROOT, "| idle, %.0f s | %.2f CPU s, %.2f %% of one core |%n",
                idle.seconds(), idle.cpuSeconds(), idle.percentOfOneCore()));
        md.append(String.format(Locale.ROOT, "| after the storms | RSS %.0f MB; heap %.0f MB used of %.0f MB committed |%n",
                idle.rssAfterStormMb(), idle.heapAfterStorm().usedMb(), idle.heapAfterStorm().committedMb()));
        md.append(String.format(Locale.ROOT, "| after idling | RSS %.0f MB |%n%n", idle.rssAfterIdleMb()));
    }

    /** The targets of the waiting clients: latency, threads, idle CPU, and the storm. */
    private static void waiterTargets(StringBuilder md, WaitersBenchmark.Result w) {
        String n = String.format(Locale.ROOT, "%,d", w.waiters());
        target(md, "waitTraps: trap written → answered, " + n + " waiting clients, p99", ms(w.writeToAnswer().p99Ms()),
                "< 20 ms", w.writeToAnswer().p99Ms() < 20);
        WaitersBenchmark.Threads t = w.threads();
        target(md, "waitTraps: collector threads, no waiter → " + n + " waiting",
                String.format(Locale.ROOT, "%d → %d", t.noWaiters(), t.waiting()), "the same, ± " + THREADS_SLACK,
                Math.abs(t.waiting() - t.noWaiters()) <= THREADS_SLACK);
        WaitersBenchmark.Idle idle = w.idle();
        target(md, String.format(Locale.ROOT, "waitTraps: idle CPU, %s waiting, %.0f s", n, idle.seconds()),
                String.format(Locale.ROOT, "%.2f CPU s = %.2f %% of one core", idle.cpuWaiting(), idle.percentWaiting()),
                "< 1 %", idle.percentWaiting() < 1);
        WaitersBenchmark.Storm s = w.storm();
        target(md, String.format(Locale.ROOT, "waitTraps: storm of %,d traps, %s waiting: all answered with its last trap",
                        s.traps(), n),
                String.format(Locale.ROOT, "%,d of %s, in %s", s.caughtUp(), n, ms(s.allAnsweredSeconds() * 1000)), "all",
                s.caughtUp() == w.waiters());
        target(md, "waitTraps: storm: answers per waiter, at most one per batch",
                String.format(Locale.ROOT, "%d to %d (%d to %d with new traps); batches seen: %d", s.minAnswers(),
                        s.maxAnswers(), s.minFresh(), s.maxFresh(), s.batchesSeen()), "≤ batches",
                s.maxAnswers() <= s.batchesSeen());
        target(md, "waitTraps: storm: getTraps(0) p99 meanwhile", ms(s.getTraps().p99Ms()), "< 50 ms",
                s.getTraps().p99Ms() < 50);
    }

    private static void waiters(StringBuilder md, Results r) {
        WaitersBenchmark.Result w = r.waiters();
        String n = String.format(Locale.ROOT, "%,d", w.waiters());
        Latencies a = w.writeToAnswer();
        WaitersBenchmark.Threads t = w.threads();
        WaitersBenchmark.Idle idle = w.idle();
        WaitersBenchmark.Storm s = w.storm();
        WaitersBenchmark.Monitors m = w.monitors();
        md.append("### Waiting clients (waitTraps)\n\n| what | result |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| trap written → answered, %s waiting clients (%d traps after %d warm-up traps, %,d answers) | p50 %s, p99 %s, max %s |%n",
                n, w.samples(), w.warmUpSamples(), a.count(), ms(a.p50Ms()), ms(a.p99Ms()), ms(a.maxMs())));
        md.append(String.format(Locale.ROOT, "| collector JVM threads | %d with no waiter; %d with %s waiting, %d after %.0f s of it |%n",
                t.noWaiters(), t.waiting(), n, t.waitingAfterIdle(), idle.seconds()));
        md.append(String.format(Locale.ROOT, "| idle CPU, %.0f s | no waiter: %.2f CPU s = %.2f %% of one core; %s waiting: %.2f CPU s = %.2f %% |%n",
                idle.seconds(), idle.cpuNoWaiters(), idle.percentNoWaiters(), n, idle.cpuWaiting(), idle.percentWaiting()));
        md.append(String.format(Locale.ROOT, "| storm of %,d traps, %s waiting, each calling again with its answer's timestamp | all %,d with the last trap after %s; %,d answers, %d to %d a waiter (%d to %d with new traps); batches seen: %d |%n",
                s.traps(), n, s.caughtUp(), ms(s.allAnsweredSeconds() * 1000), s.answers(), s.minAnswers(), s.maxAnswers(),
                s.minFresh(), s.maxFresh(), s.batchesSeen()));
        md.append(String.format(Locale.ROOT, "| getTraps(0) every %d ms during that storm (%,d calls) | p50 %s, p99 %s, max %s |%n",
                s.pollEveryMillis(), s.getTraps().count(), ms(s.getTraps().p50Ms()), ms(s.getTraps().p99Ms()),
                ms(s.getTraps().maxMs())));
        md.append(String.format(Locale.ROOT, "| instead, %s monitors polling getTraps(last timestamp) every %d s, %.0f s | %,.0f req/s (%,d calls, p50 %s, p99 %s%s); %.2f CPU s = %.2f %% of one core |%n%n",
                n, m.everySeconds(), m.seconds(), m.requestsPerSecond(), m.answers(), ms(m.latency().p50Ms()),
                ms(m.latency().p99Ms()), m.late() == 0 ? "" : String.format(Locale.ROOT, ", %,d skipped: still in flight", m.late()),
                m.cpuSeconds(), m.percentOfOneCore()));
    }

    private static Optional<Row> bestPython(Results r, Answer answer, int connections) {
        return r.polling().stream()
                .filter(row -> row.target().startsWith(PYTHON_PREFIX) && row.answer() == answer
                        && row.connections() == connections)
                .max((a, b) -> Double.compare(rps(a), rps(b)));
    }

    private static double rps(Row row) {
        return row.result().requestsPerSecond();
    }

    private static String cell(Row row) {
        Wrk.Result w = row.result();
        String errors = w.errors() == 0 ? "" : String.format(Locale.ROOT, " (%,d errors%s)", w.errors(),
                w.timeouts() > 0 ? String.format(Locale.ROOT, ", %,d timeouts", w.timeouts()) : "");
        return String.format(Locale.ROOT, "%,.0f · %s / %s%s", w.requestsPerSecond(), ms(w.p50Ms()), ms(w.p99Ms()), errors);
    }

    private static void target(StringBuilder md, String what, String measured, String goal, boolean met) {
        md.append("| ").append(what).append(" | ").append(measured).append(" | ").append(goal).append(" | ")
                .append(met ? "**yes**" : "**no**").append(" |\n");
    }

    private static void notMeasured(StringBuilder md, String what) {
        md.append("| ").append(what).append(" | not measured in this run | | – |\n");
    }

    private static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
