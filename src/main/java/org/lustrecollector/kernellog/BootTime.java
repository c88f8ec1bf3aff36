package org.lustrecollector.kernellog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * When this machine booted: what dmesg's seconds since boot count from.
 *
 * <p>Read once, from {@code /proc/uptime} (the first number is seconds since boot), so that a clock set
 * later moves no converted time. It can be a second off between two starts of the collector; that is
 * why trap ids hash the timestamp text of a line, never the converted time.
 */
public record BootTime(Instant instant) {
    public static final Path PROC_UPTIME = Path.of("/proc/uptime");
    private static final Logger LOG = Logger.getLogger(BootTime.class.getName());

    /** Now minus the uptime; empty (and logged) when the file cannot be read or understood. */
    public static Optional<BootTime> read(Path procUptime, InstantSource clock) {
        try {
            String text = Files.readString(procUptime, StandardCharsets.US_ASCII).trim();
            int space = text.indexOf(' ');
            double uptime = Double.parseDouble(space < 0 ? text : text.substring(0, space));
            if (!(uptime >= 0) || Double.isInfinite(uptime)) {
                throw new NumberFormatException("not a number of seconds: " + text);
            }
            Duration up = Duration.ofNanos((long) (uptime * 1e9));
            return Optional.of(new BootTime(clock.instant().minus(up)));
        } catch (IOException | NumberFormatException e) {
            LOG.warning(() -> "Cannot tell the boot time from " + procUptime + " (" + e + "); kernel-log lines "
                    + "in dmesg form get the time they are read");
            return Optional.empty();
        }
    }

    /** Epoch seconds of a moment given as seconds and microseconds since boot. */
    public long epochSecondAfter(long seconds, long micros) {
        return instant().plusSeconds(seconds).plusNanos(micros * 1000).getEpochSecond();
    }
}
