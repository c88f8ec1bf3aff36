package org.lustrecollector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The JMH benchmarks run: one 100 ms iteration each, in this JVM. A smoke run, not a measurement:
 * it asserts that each benchmark produced a number, never how large (docs/benchmarks.md).
 */
class JmhBenchmarksSmokeTest {

    @Test
    void eachBenchmarkProducesAScore() throws Exception {
        Map<String, Double> scores = JmhBenchmarks.run(true);

        assertEquals(JmhBenchmarks.BENCHMARKS.keySet(), scores.keySet());
        scores.forEach((name, score) -> assertTrue(Double.isFinite(score) && score > 0, name + ": " + score));
    }
}
