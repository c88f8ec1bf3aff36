package org.lustrecollector.bench;

import java.util.concurrent.TimeUnit;

import org.lustrecollector.trap.TrapLineParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Trap lines parsed per second by {@link TrapLineParser}, over storm lines (docs/benchmarks.md, "Ingest"). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrapLineParserBenchmark {
    static final int LINES = 1024;

    private final TrapLineParser parser = new TrapLineParser();
    private String[] lines;

    @Setup
    public void setUp() {
        lines = StormLines.lines("bench-", LINES, 1_780_000_000L);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parse(Blackhole sink) {
        for (String line : lines) {
            sink.consume(parser.parse(line));
        }
    }
}
