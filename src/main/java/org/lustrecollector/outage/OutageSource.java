package org.lustrecollector.outage;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

import org.lustrecollector.source.Source;
import org.lustrecollector.source.SourceStatus;

/**
 * The outage detector's place in the collector's loop: every interval it raises the summaries of the outages
 * whose window has passed, so that a storm that ends without a further console line is still announced.
 * Its status counts, as ignored, the losses the detector could not place (caps reached, no NID).
 */
public final class OutageSource implements Source {
    private final OutageDetector detector;
    private final InstantSource clock;
    private volatile long lastRead;

    public OutageSource(OutageDetector detector, InstantSource clock) {
        this.detector = detector;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "outages";
    }

    @Override
    public void read() {
        long now = clock.instant().getEpochSecond();
        detector.settle(now);
        lastRead = now;
    }

    @Override
    public List<Path> watchedFiles() {
        return List.of();
    }

    @Override
    public SourceStatus status() {
        return new SourceStatus(name(), "connection losses: kernel log console lines, Lustre state reads", true, lastRead, 0,
                detector.dropped() + detector.withoutNid());
    }

    @Override
    public void close() {
        // holds nothing open
    }
}
