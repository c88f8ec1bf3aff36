package org.lustrecollector.kernellog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.lustrecollector.follow.AppendedFileFollower;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.source.LocalHost;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapSink;

/**
 * The kernel log as a source: a text file of kernel messages, followed like a regular trap file (only new
 * bytes; partial lines, truncation, rotation and re-creation handled by {@link AppendedFileFollower}), its
 * Lustre console messages turned into traps by {@link KernelLogIngest}. Used from the collector thread only.
 */
public final class KernelLogSource implements Source {
    private final AppendedFileFollower reader;
    private final KernelLogIngest ingest;
    private final InstantSource clock;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final RateLimitedLog readErrors = RateLimitedLog.perMinute(KernelLogSource.class, 5);
    private volatile long lastRead;

    /**
     * @param boot     when this machine booted, for dmesg stamps; empty when unknown
     * @param hostName the node of traps from dmesg lines that name no device
     * @param zone     the time zone of syslog stamps without an offset
     */
    public KernelLogSource(Path path, TrapSink sink, Optional<BootTime> boot, String hostName, ZoneId zone,
                           InstantSource clock) {
        this(path, sink, ConnectionSignals.NONE, boot, hostName, zone, clock);
    }

    /** @param signals told at once of each connection a console line reports lost or restored */
    public KernelLogSource(Path path, TrapSink sink, ConnectionSignals signals, Optional<BootTime> boot,
                           String hostName, ZoneId zone, InstantSource clock) {
        this.reader = new AppendedFileFollower(path, "Kernel log");
        this.clock = clock;
        KernelLogLineParser lines = new KernelLogLineParser(new LogTimestamps(boot, zone, clock), hostName);
        this.ingest = new KernelLogIngest(path.toString(), lines, sink, signals, malformed, ignored,
                RateLimitedLog.perMinute(KernelLogIngest.class, 20));
    }

    /** This machine's boot time (from /proc/uptime, read now), host name and time zone. */
    public static KernelLogSource open(Path path, TrapSink sink, ConnectionSignals signals, InstantSource clock) {
        return new KernelLogSource(path, sink, signals, BootTime.read(BootTime.PROC_UPTIME, clock), LocalHost.name(),
                ZoneId.systemDefault(), clock);
    }

    @Override
    public String name() {
        return "kernellog";
    }

    /** Reads what is new; a file that cannot be read is logged (rate-limited) and tried again next time. */
    @Override
    public void read() {
        try {
            reader.read(ingest);
        } catch (IOException e) {
            readErrors.log(Level.WARNING, "Cannot read kernel log " + reader.path() + ": " + e);
        }
        lastRead = clock.instant().getEpochSecond();
    }

    public Path path() {
        return reader.path();
    }

    @Override
    public List<Path> watchedFiles() {
        return List.of(reader.path());
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(name(), reader.path().toString(), reader.readable(), lastRead, malformed.get(),
                ignored.get());
    }

    @Override
    public void close() {
        reader.close();
    }
}
