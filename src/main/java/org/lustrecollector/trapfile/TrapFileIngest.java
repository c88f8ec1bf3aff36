package org.lustrecollector.trapfile;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.lustrecollector.follow.LineListener;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.trap.TrapBatcher;
import org.lustrecollector.trap.TrapLineParser;
import org.lustrecollector.trap.TrapSink;

/**
 * Turns lines from one trap source into stored traps: parses them, counts and logs the bad ones
 * (rate-limited), and hands good ones to the store in bounded batches so that a storm of a million
 * lines never holds more than one batch in memory.
 */
public final class TrapFileIngest implements LineListener {
    static final int BATCH_SIZE = TrapBatcher.SIZE;

    private final String sourceName;
    private final TrapLineParser parser = new TrapLineParser();
    private final TrapBatcher batch;
    private final AtomicLong malformed;
    private final RateLimitedLog badLineLog;

    /**
     * @param sourceName named in log messages, e.g. the trap file's path
     * @param malformed  counter shared with the collector's status
     */
    public TrapFileIngest(String sourceName, TrapSink sink, AtomicLong malformed, RateLimitedLog badLineLog) {
        this.sourceName = sourceName;
        this.batch = new TrapBatcher(sink);
        this.malformed = malformed;
        this.badLineLog = badLineLog;
    }

    @Override
    public void line(String text, long lineNumber) {
        TrapLineParser.Outcome outcome = parser.parse(text);
        if (outcome instanceof TrapLineParser.Parsed parsed) {
            batch.add(parsed.trap());
        } else if (outcome instanceof TrapLineParser.Malformed bad) {
            skip(lineNumber, bad.reason());
        }
    }

    @Override
    public void badLine(long lineNumber, String reason, long fingerprint) {
        skip(lineNumber, reason);
    }

    @Override
    public void endOfRead() {
        batch.flush();
    }

    private void skip(long lineNumber, String reason) {
        malformed.incrementAndGet();
        badLineLog.log(Level.WARNING, "Skipped malformed trap at " + sourceName + " line " + lineNumber + ": " + reason);
    }
}
