package org.lustrecollector.bench;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapBatcher;
import org.lustrecollector.trap.TrapLineParser;
import org.lustrecollector.trap.TrapStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Traps stored per second by {@link TrapStore#addAll}, a full batch at a time into a full store of the
 * default 250, as in a storm: every trap evicts the oldest of its category and the snapshot is published
 * once per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrapStoreBenchmark {
    private final TrapStore store = new TrapStore(250, Duration.ofHours(24), InstantSource.system());
    private List<Trap> batch;

    @Setup
    public void setUp() {
        TrapLineParser parser = new TrapLineParser();
        batch = new ArrayList<>(TrapBatcher.SIZE);
        for (String line : StormLines.lines("bench-", TrapBatcher.SIZE, 1_780_000_000L)) {
            batch.add(((TrapLineParser.Parsed) parser.parse(line)).trap());
        }
    }

    @Benchmark
    @OperationsPerInvocation(TrapBatcher.SIZE)
    public TrapStore addAll() {
        store.addAll(batch);
        return store;
    }
}
