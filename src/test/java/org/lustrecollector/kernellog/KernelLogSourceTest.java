package org.lustrecollector.kernellog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lustrecollector.trap.Trap;

/** The kernel log is followed like a regular trap file: new bytes only, whatever happens to the file. */
class KernelLogSourceTest {
    private static final String LOST = "[ 8213.402140] Lustre: lustre-OST0003-osc-MDT0000: Connection to lustre-OST0003 "
            + "(at 10.0.0.13@o2ib) was lost; in progress operations using this service will wait for recovery to complete\n";
    private static final String RESTORED = "[ 8244.810385] Lustre: lustre-OST0003-osc-MDT0000: Connection restored to "
            + "10.0.0.13@o2ib (at 10.0.0.13@o2ib)\n";
    private static final String EVICTED = "[ 8301.117002] LustreError: 167-0: lustre-OST0005-osc-MDT0000: This client was "
            + "evicted by lustre-OST0005; in progress operations using this service will fail.\n";

    @TempDir
    Path dir;

    private static List<String> messages(List<Trap> traps) {
        return traps.stream().map(t -> t.category() + " " + t.node()).toList();
    }

    @Test
    void onlyNewLinesAreReadAndAPartialLineWaitsForItsNewline() {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append(LOST);
        assertEquals(List.of("CRITICAL lustre-OST0003"), messages(log.read()));
        log.append(RESTORED.substring(0, 40));
        assertEquals(1, log.read().size());
        log.append(RESTORED.substring(40));
        assertEquals(List.of("CRITICAL lustre-OST0003", "INFO lustre-OST0003"), messages(log.read()));
        assertEquals(2, log.read().size(), "nothing new, nothing read again");
    }

    @Test
    void rotationFinishesTheOldFileThenFollowsTheNewOne() throws IOException {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append(LOST);
        log.read();
        // logrotate without copytruncate: the writer still appends to the renamed file, then a new one is created.
        log.append(RESTORED);
        Files.move(log.file, dir.resolve("kern.log.1"));
        log.append(EVICTED);
        assertEquals(List.of("CRITICAL lustre-OST0003", "INFO lustre-OST0003", "CRITICAL lustre-OST0005"),
                messages(log.read()));
    }

    @Test
    void truncationStartsOverAtTheBeginning() throws IOException {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        log.append(LOST + RESTORED);
        log.read();
        // logrotate copytruncate.
        Files.writeString(log.file, "", StandardCharsets.UTF_8);
        log.read();
        log.append(EVICTED);
        assertEquals(List.of("CRITICAL lustre-OST0003", "INFO lustre-OST0003", "CRITICAL lustre-OST0005"),
                messages(log.read()));
    }

    @Test
    void aLogThatAppearsLaterIsPickedUpAndOneRemovedIsWaitedFor() throws IOException {
        KernelLogFixture log = new KernelLogFixture(dir.resolve("kern.log"));
        assertTrue(log.read().isEmpty());
        assertFalse(log.source.status().readable());
        log.append(LOST);
        assertEquals(1, log.read().size());
        assertTrue(log.source.status().readable());
        Files.delete(log.file);
        log.read();
        assertFalse(log.source.status().readable());
        log.append(RESTORED);
        assertEquals(List.of("CRITICAL lustre-OST0003", "INFO lustre-OST0003"), messages(log.read()));
    }

    @Test
    void aFolderInsteadOfAFileIsReportedAndNotFatal() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("kern.log"));
        KernelLogFixture log = new KernelLogFixture(folder);
        assertTrue(log.read().isEmpty());
        assertFalse(log.source.status().readable());
    }

    @Test
    void bootTimeIsNowMinusTheUptime() throws IOException {
        Path uptime = Files.writeString(dir.resolve("uptime"), "8213.40 31205.77\n");
        Instant now = Instant.parse("2024-11-27T02:16:53.400Z");
        assertEquals(Optional.of(new BootTime(Instant.parse("2024-11-27T00:00:00Z"))),
                BootTime.read(uptime, InstantSource.fixed(now)));
    }

    @Test
    void anUnreadableUptimeLeavesTheBootTimeUnknown() throws IOException {
        Path garbage = Files.writeString(dir.resolve("uptime"), "soon\n");
        assertEquals(Optional.empty(), BootTime.read(garbage, InstantSource.system()));
        assertEquals(Optional.empty(), BootTime.read(dir.resolve("missing"), InstantSource.system()));
    }
}
