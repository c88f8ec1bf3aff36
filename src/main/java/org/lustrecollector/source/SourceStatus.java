package org.lustrecollector.source;

/**
 * What a source reports about itself, and what the collector adds about its liveness.
 *
 * @param name       the source's name ({@link Source#name()})
 * @param path       what it reads: a file, or the root of the trees it scans
 * @param readable   whether the last read succeeded
 * @param lastRead   collector time of the last completed read, epoch seconds; 0 before the first
 * @param malformed  lines skipped because they could not be read as what the source expects
 * @param ignored    lines understood but not turned into traps
 * @param unreadable files skipped because they could not be read for an unexpected reason (not a regular
 *                   file, permission denied on a file that should be readable, an I/O error), counted per read
 * @param failures   reads that ended with an exception or error instead of completing (the collector's count)
 * @param stuck      no read has completed for longer than the collector's stuck limit (a hung or failing source)
 */
public record SourceStatus(String name, String path, boolean readable, long lastRead, long malformed,
                           long ignored, long unreadable, long failures, boolean stuck) {

    /** A source's own view: the collector fills in failures and stuck. */
    public SourceStatus(String name, String path, boolean readable, long lastRead, long malformed, long ignored,
                        long unreadable) {
        this(name, path, readable, lastRead, malformed, ignored, unreadable, 0, false);
    }

    /** A source's own view, for a source without unreadable files to count. */
    public SourceStatus(String name, String path, boolean readable, long lastRead, long malformed, long ignored) {
        this(name, path, readable, lastRead, malformed, ignored, 0);
    }

    /** This status with the collector's liveness figures. */
    public SourceStatus withLiveness(long failures, boolean stuck) {
        return new SourceStatus(name, path, readable, lastRead, malformed, ignored, unreadable, failures, stuck);
    }
}
