package org.lustrecollector.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks of the suite through JMH's Runner API and returns their scores in operations per second. */
final class JmhBenchmarks {
    static final Map<String, Class<?>> BENCHMARKS = Map.of(
            "parser", TrapLineParserBenchmark.class,
            "store", TrapStoreBenchmark.class);

    private JmhBenchmarks() {
    }

    /**
     * Full: one fork, 3 warm-up and 5 measured iterations of 1 s each. Smoke: in this JVM, one iteration
     * of 100 ms, no warm-up: enough to show the benchmark still runs, not to measure anything.
     */
    static Map<String, Double> run(boolean smoke) throws RunnerException {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> benchmark : BENCHMARKS.entrySet()) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("^" + Pattern.quote(benchmark.getValue().getName() + "."));
            if (smoke) {
                options.forks(0).warmupIterations(0).measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(100)).verbosity(VerboseMode.SILENT);
            } else {
                options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                        .jvmArgs("-Xms256m", "-Xmx256m").verbosity(VerboseMode.NORMAL);
            }
            for (RunResult result : new Runner(options.build()).run()) {
                scores.put(benchmark.getKey(), result.getPrimaryResult().getScore());
            }
        }
        return scores;
    }
}
