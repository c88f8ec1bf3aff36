package org.lustrecollector.kernellog;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.lustrecollector.follow.LineListener;
import org.lustrecollector.kernellog.ConsoleMessageParser.ConsoleLine;
import org.lustrecollector.kernellog.ConsoleMessageParser.Recognised;
import org.lustrecollector.kernellog.ConsoleMessageParser.Skipped;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.source.ConnectionSignals;
import org.lustrecollector.trap.Trap;
import org.lustrecollector.trap.TrapBatcher;
import org.lustrecollector.trap.TrapSink;

/**
 * Turns kernel-log lines into traps.
 *
 * <p>A recognised message is kept pending until the next Lustre console line (or the end of the read)
 * decides it, because two kinds of line change the trap before them instead of making their own, and
 * a trap cannot be changed once stored:
 * <ul>
 *   <li>{@code Skipped N previous similar message(s)}, printed by Lustre right after a message with the same
 *       prefix and source location, says that N messages of that call site were suppressed <em>before</em>
 *       it (possibly about other devices): the pending trap's message then says so. A {@code Skipped} line
 *       of another prefix or location, or after a console line that made no trap, is ignored.</li>
 *   <li>An {@code LBUG} from the same source location as a pending {@code ASSERTION} joins it: one Fatal
 *       trap.</li>
 * </ul>
 * Lines of other kernel subsystems in between (stack traces, say) leave the pending trap alone. A
 * skipped-count or LBUG line that only arrives in the next read finds the trap already stored: it is
 * then ignored, or becomes a trap of its own.
 */
public final class KernelLogIngest implements LineListener {
    private final String sourceName;
    private final KernelLogLineParser lines;
    private final ConsoleMessageParser console = new ConsoleMessageParser();
    private final LineIds ids = new LineIds();
    private final TrapBatcher batch;
    private final ConnectionSignals signals;
    private final AtomicLong malformed;
    private final AtomicLong ignored;
    private final RateLimitedLog badLineLog;

    private PendingTrap pending;

    KernelLogIngest(String sourceName, KernelLogLineParser lines, TrapSink sink, AtomicLong malformed,
                    AtomicLong ignored, RateLimitedLog badLineLog) {
        this(sourceName, lines, sink, ConnectionSignals.NONE, malformed, ignored, badLineLog);
    }

    /** @param signals told of every lost and restored connection a console line reports */
    KernelLogIngest(String sourceName, KernelLogLineParser lines, TrapSink sink, ConnectionSignals signals,
                    AtomicLong malformed, AtomicLong ignored, RateLimitedLog badLineLog) {
        this.sourceName = sourceName;
        this.signals = signals;
        this.lines = lines;
        this.batch = new TrapBatcher(sink);
        this.malformed = malformed;
        this.ignored = ignored;
        this.badLineLog = badLineLog;
    }

    @Override
    public void line(String text, long lineNumber) {
        KernelLogLineParser.Outcome outcome = lines.parse(text);
        if (outcome instanceof KernelLogLineParser.Unparsable bad) {
            skip(lineNumber, bad.reason());
            return;
        }
        if (!(outcome instanceof KernelLogLineParser.Entry entry)) {
            ignored.incrementAndGet();
            return;
        }
        ConsoleLine message = console.parse(entry.message());
        if (message instanceof Recognised recognised) {
            if (pending == null || !pending.absorbs(recognised)) {
                settle();
                pending = new PendingTrap(ids.idOf(text), entry, recognised);
            }
            return;
        }
        if (message instanceof Skipped skipped && pending != null && pending.takes(skipped)) {
            return;
        }
        if (message == ConsoleMessageParser.Uninteresting.LINE) {
            settle();
        }
        ignored.incrementAndGet();
    }

    @Override
    public void badLine(long lineNumber, String reason, long fingerprint) {
        skip(lineNumber, reason);
    }

    @Override
    public void endOfRead() {
        settle();
        batch.flush();
    }

    private void settle() {
        if (pending != null) {
            Trap trap = pending.toTrap();
            batch.add(trap);
            switch (pending.event()) {
                case CONNECTION_LOST -> signals.connectionLost(trap.node(), nidOf(trap.message()), trap.time());
                case CONNECTION_RESTORED -> signals.connectionRestored(trap.node(), nidOf(trap.message()), trap.time());
                default -> {
                    // no connection changed
                }
            }
            pending = null;
        }
    }

    /** The NID of a connection line, {@code … (at 10.0.0.7@o2ib1) …}; empty when the text names none. */
    static String nidOf(String text) {
        int start = text.indexOf(" (at ");
        int end = start < 0 ? -1 : text.indexOf(')', start);
        if (end < 0) {
            return "";
        }
        String nid = text.substring(start + 5, end);
        return nid.indexOf('@') > 0 ? nid : "";
    }

    private void skip(long lineNumber, String reason) {
        malformed.incrementAndGet();
        badLineLog.log(Level.WARNING, "Skipped kernel-log line " + sourceName + ":" + lineNumber + ": " + reason);
    }
}
