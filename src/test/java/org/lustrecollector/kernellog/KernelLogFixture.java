package org.lustrecollector.kernellog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.lustrecollector.trap.StoredTrap;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapStore;

/**
 * A kernel log on disk and a source reading it into a store of its own, with a fixed boot time, host
 * name, clock and time zone (UTC), so that every converted time is known.
 */
final class KernelLogFixture {
    static final Instant BOOT = Instant.parse("2024-11-27T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-04T12:00:00Z");
    static final String HOST = "mds1";

    final Path file;
    final TrapStore store = new TrapStore(1_000_000, Duration.ofDays(3650), InstantSource.fixed(NOW));
    final KernelLogSource source;

    KernelLogFixture(Path file) {
        this(file, BOOT);
    }

    KernelLogFixture(Path file, Instant boot) {
        this.file = file;
        this.source = new KernelLogSource(file, store, Optional.of(new BootTime(boot)), HOST, ZoneOffset.UTC,
                InstantSource.fixed(NOW));
    }

    /** A fixture with the capture {@code src/test/resources/kernellog/NAME} copied to {@code folder}. */
    static KernelLogFixture ofCapture(Path folder, String name) {
        Path file = folder.resolve(name);
        try (InputStream in = KernelLogFixture.class.getResourceAsStream("/kernellog/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KernelLogFixture(file);
    }

    static String capture(String name) {
        try (InputStream in = KernelLogFixture.class.getResourceAsStream("/kernellog/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void append(String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what is new and returns every trap stored so far, in order. */
    List<Trap> read() {
        source.read();
        return traps();
    }

    List<Trap> traps() {
        return store.since(0).traps().stream().map(StoredTrap::trap).toList();
    }

    static long bootPlus(long seconds) {
        return BOOT.getEpochSecond() + seconds;
    }
}
