package org.lustrecollector.kernellog;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.source.RegularTrapFileReader;
import org.lustrecollector.trap.TrapStore;

/**
 * The kernel log as a second trap source: a text file of kernel messages, followed like a regular trap
 * file (only new bytes; partial lines, truncation, rotation and re-creation handled by
 * {@link RegularTrapFileReader}), its Lustre console messages turned into traps by {@link KernelLogIngest}.
 * Used from the collector thread only.
 */
public final class KernelLogSource implements AutoCloseable {
    private static final Path PROC_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private final RegularTrapFileReader reader;
    private final KernelLogIngest ingest;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final RateLimitedLog readErrors = RateLimitedLog.perMinute(KernelLogSource.class, 5);

    /**
     * @param boot     when this machine booted, for dmesg stamps; empty when unknown
     * @param hostName the node of traps from dmesg lines that name no device
     * @param zone     the time zone of syslog stamps without an offset
     */
    public KernelLogSource(Path path, TrapStore store, Optional<BootTime> boot, String hostName, ZoneId zone,
                           InstantSource clock) {
        this.reader = new RegularTrapFileReader(path, "Kernel log");
        KernelLogLineParser lines = new KernelLogLineParser(new LogTimestamps(boot, zone, clock), hostName);
        this.ingest = new KernelLogIngest(path.toString(), lines, store, malformed, ignored,
                RateLimitedLog.perMinute(KernelLogIngest.class, 20));
    }

    /** This machine's boot time (from /proc/uptime, read now), host name and time zone. */
    public static KernelLogSource open(Path path, TrapStore store, InstantSource clock) {
        return new KernelLogSource(path, store, BootTime.read(BootTime.PROC_UPTIME, clock), localHostName(),
                ZoneId.systemDefault(), clock);
    }

    /** Reads what is new; a file that cannot be read is logged (rate-limited) and tried again next time. */
    public void read() {
        try {
            reader.read(ingest);
        } catch (IOException e) {
            readErrors.log(Level.WARNING, "Cannot read kernel log " + reader.path() + ": " + e);
        }
    }

    public Path path() {
        return reader.path();
    }

    public KernelLogStatus status() {
        return new KernelLogStatus(reader.path(), reader.readable(), malformed.get(), ignored.get());
    }

    @Override
    public void close() {
        reader.close();
    }

    /** The kernel's node name, as syslog shows it; no DNS look-up. */
    static String localHostName() {
        try {
            String name = Files.readString(PROC_HOSTNAME, StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // Not Linux: ask Java below.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
