package org.lustrecollector.kernellog;

import java.nio.file.Path;

/**
 * What the collector reports about the kernel log.
 *
 * @param path      the kernel log's path
 * @param readable  whether the last attempt to read it succeeded
 * @param malformed lines that were not text or not in any kernel-log form understood
 * @param ignored   lines understood but not turned into traps (other messages, other programs)
 */
public record KernelLogStatus(Path path, boolean readable, long malformed, long ignored) {
}
