package org.lustrecollector.collector;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import org.lustrecollector.api.Category;
import org.lustrecollector.source.Source;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapSink;

/**
 * Raises a Critical trap when a source has completed no read for longer than the limit (a read that
 * hangs, or one that fails every time), and an Info trap when it completes one again. Node: this host;
 * filesystem: each one the source knows of, or none (empty) when it knows none. Called by every task of
 * the collector after its reads, so a hung task cannot keep the others' sources from being watched.
 */
final class StuckSourceAlarm {
    private static final Logger LOG = Logger.getLogger(StuckSourceAlarm.class.getName());

    private final List<SourceLiveness> sources;
    private final long limitNanos;
    private final TrapSink sink;
    private final TrapIds ids;
    private final InstantSource clock;

    StuckSourceAlarm(List<SourceLiveness> sources, Duration limit, TrapSink sink, TrapIds ids, InstantSource clock) {
        this.sources = List.copyOf(sources);
        this.limitNanos = limit.toNanos();
        this.sink = sink;
        this.ids = ids;
        this.clock = clock;
    }

    boolean stuck(SourceLiveness liveness, long nowNanos) {
        return liveness.stuck(nowNanos, limitNanos);
    }

    /** Raises the traps for the sources that became stuck or came back since the last check. */
    synchronized void check(long nowNanos) {
        List<Trap> raised = new ArrayList<>();
        for (SourceLiveness l : sources) {
            boolean stuck = l.stuck(nowNanos, limitNanos);
            if (stuck == l.announcedStuck) {
                continue;
            }
            l.announcedStuck = stuck;
            Source source = l.source();
            String what = "source " + source.name() + " (" + source.status().path() + ")";
            String message;
            if (stuck) {
                message = ids.host() + ": " + what + " has completed no read for "
                        + SourceLiveness.seconds(l.sinceProgress(nowNanos)) + " s (" + l.why(nowNanos)
                        + "); its traps are not collected";
                LOG.severe(message);
            } else {
                message = ids.host() + ": " + what + " reads again";
                LOG.info(message);
            }
            raised.addAll(traps(source, stuck ? "stuck" : "reading", stuck ? Category.CRITICAL : Category.INFO,
                    message));
        }
        if (!raised.isEmpty()) {
            sink.addAll(raised);
        }
    }

    private List<Trap> traps(Source source, String event, Category category, String message) {
        long now = clock.instant().getEpochSecond();
        List<String> fileSystems = source.fileSystems().isEmpty() ? List.of("") : source.fileSystems();
        List<Trap> traps = new ArrayList<>(fileSystems.size());
        for (String fs : fileSystems) {
            traps.add(new Trap(ids.next(source.name(), event), now, category, fs, ids.host(), message));
        }
        return traps;
    }
}
