package org.lustrecollector.source;

/**
 * What a source reports about itself.
 *
 * @param name      the source's name ({@link Source#name()})
 * @param path      what it reads: a file, or the root of the trees it scans
 * @param readable  whether the last read succeeded
 * @param lastRead  collector time of the last completed read, epoch seconds; 0 before the first
 * @param malformed lines skipped because they could not be read as what the source expects
 * @param ignored   lines understood but not turned into traps
 */
public record SourceStatus(String name, String path, boolean readable, long lastRead, long malformed,
                           long ignored) {
}
