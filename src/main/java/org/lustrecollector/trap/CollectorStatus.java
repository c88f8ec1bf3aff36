package org.lustrecollector.trap;

import java.nio.file.Path;
import java.util.Optional;

import org.lustrecollector.kernellog.KernelLogStatus;

/**
 * What the collector reports about itself.
 *
 * @param counts           the store's counters
 * @param malformed        lines skipped because they were not valid traps
 * @param maxTraps         capacity of the store
 * @param trapFile         the trap file's path
 * @param trapFileReadable whether the last attempt to read it succeeded
 * @param lastRead         collector time of the last read of the trap file, epoch seconds; 0 before the first
 * @param version          the collector's version
 * @param uptimeSeconds    seconds since the collector started
 * @param kernelLog        the kernel log source's state; empty when {@code kernellog} is off
 */
public record CollectorStatus(TrapCounts counts, long malformed, int maxTraps, Path trapFile,
                              boolean trapFileReadable, long lastRead, String version, long uptimeSeconds,
                              Optional<KernelLogStatus> kernelLog) {
}
