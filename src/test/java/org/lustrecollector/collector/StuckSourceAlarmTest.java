package org.lustrecollector.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lustrecollector.api.Category;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.MutableInstantSource;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapSink;

class StuckSourceAlarmTest {
    private static final long SECOND = 1_000_000_000L;

    private record NamedSource(String name, List<String> fileSystems) implements Source {
        @Override
        public void read() {
        }

        @Override
        public List<Path> watchedFiles() {
            return List.of();
        }

        @Override
        public SourceStatus status() {
            return new SourceStatus(name, "/where/" + name, true, 0, 0, 0);
        }

        @Override
        public void close() {
        }
    }

    private final List<Trap> traps = new ArrayList<>();
    private final TrapSink sink = (Collection<Trap> batch) -> traps.addAll(batch);
    private final MutableInstantSource clock = new MutableInstantSource(1_800_000_000L);

    @Test
    void aSourceWithoutACompletedReadPastTheLimitRaisesOneCriticalThenOneInfoWhenItCompletes() {
        SourceLiveness lustre = new SourceLiveness(new NamedSource("lustre", List.of("a", "b")), 0);
        SourceLiveness trapFile = new SourceLiveness(new NamedSource("trapfile", List.of()), 0);
        StuckSourceAlarm alarm = new StuckSourceAlarm(List.of(lustre, trapFile), Duration.ofSeconds(15), sink,
                new TrapIds("mds1", "r"), clock);

        lustre.begin(10 * SECOND);
        lustre.completed(11 * SECOND);
        lustre.begin(20 * SECOND); // hangs
        trapFile.begin(20 * SECOND);
        trapFile.completed(20 * SECOND);
        alarm.check(26 * SECOND);
        assertEquals(List.of(), traps, "15 s since the last completed read is not past the limit yet");
        alarm.check(27 * SECOND);
        assertEquals(2, traps.size(), "one per filesystem of the source: " + traps);
        for (Trap t : traps) {
            assertEquals(Category.CRITICAL, t.category());
            assertEquals("mds1", t.node());
            assertTrue(t.message().contains("lustre (/where/lustre)"), t.message());
            assertTrue(t.message().contains("a read started 7 s ago has not returned"), t.message());
        }
        assertEquals(List.of("a", "b"), traps.stream().map(Trap::fsName).toList());
        assertTrue(alarm.stuck(lustre, 27 * SECOND));
        assertFalse(alarm.stuck(trapFile, 27 * SECOND));

        trapFile.begin(59 * SECOND);
        trapFile.completed(59 * SECOND);
        alarm.check(60 * SECOND);
        assertEquals(2, traps.size(), "nothing repeats while it hangs");
        traps.clear();

        lustre.completed(61 * SECOND);
        trapFile.begin(61 * SECOND);
        trapFile.completed(61 * SECOND);
        alarm.check(61 * SECOND);
        assertEquals(List.of(Category.INFO, Category.INFO), traps.stream().map(Trap::category).toList());
        assertTrue(traps.get(0).message().contains("reads again"), traps.get(0).message());
        assertEquals(List.of("mds1:lustre:reading:r-3", "mds1:lustre:reading:r-4"),
                traps.stream().map(Trap::id).toList(), "ids go on counting");
    }

    @Test
    void aSourceFailingEveryReadIsStuckTooAndSaysWhy() {
        SourceLiveness kernelLog = new SourceLiveness(new NamedSource("kernellog", List.of()), 0);
        StuckSourceAlarm alarm = new StuckSourceAlarm(List.of(kernelLog), Duration.ofSeconds(15), sink,
                new TrapIds("mds1", "r"), clock);
        for (int i = 1; i <= 4; i++) {
            kernelLog.begin(i * 5 * SECOND);
            kernelLog.failed(new OutOfMemoryError("Java heap space"));
        }
        alarm.check(20 * SECOND);
        assertEquals(1, traps.size());
        Trap t = traps.get(0);
        assertEquals("", t.fsName(), "a source that knows no filesystem");
        assertEquals(clock.second(), t.time());
        assertTrue(t.message().contains("reads fail: java.lang.OutOfMemoryError: Java heap space"), t.message());
        assertEquals(4, kernelLog.failures());
    }
}
