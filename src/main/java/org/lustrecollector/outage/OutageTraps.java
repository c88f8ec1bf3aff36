package org.lustrecollector.outage;

import java.time.Duration;
import java.util.List;

import org.lustrecollector.api.Category;
import org.lustrecollector.source.TrapIds;
import org.lustrecollector.trap.Trap;

/** The summary and recovery traps of an outage: what they say and how severe they are. */
public final class OutageTraps {
    private final TrapIds ids;

    public OutageTraps(TrapIds ids) {
        this.ids = ids;
    }

    /**
     * Critical, Fatal when more targets than {@code fatalTargets} are lost; names the cause and the size.
     * Its time is the outage's first loss.
     */
    Trap summary(Outage outage, OutageSettings settings) {
        Category category = outage.targets() > settings.fatalTargets() ? Category.FATAL : Category.CRITICAL;
        String cause = outage.kind() == OutageKind.SERVER
                ? "Server outage: the server at " + outage.key() + " stopped responding"
                : "Network outage: servers of LNet network " + outage.key() + " stopped responding (a router or the "
                        + "network itself)";
        String message = cause + "; " + size(outage) + " lost their connection" + detail(outage)
                + "; getOutages() shows how far it grows";
        return new Trap(ids.next(outage.key(), outage.kind().label() + "-outage"), outage.since(), category,
                fileSystem(outage), outage.key(), message);
    }

    /** Info: the outage is over, after how long. */
    Trap recovery(Outage outage) {
        String what = outage.kind() == OutageKind.SERVER ? "Server outage over: " + outage.key()
                : "Network outage over: LNet network " + outage.key();
        String message = what + " is back after " + duration(outage.ended() - outage.since()) + "; "
                + size(outage) + " were lost" + detail(outage);
        return new Trap(ids.next(outage.key(), outage.kind().label() + "-outage-over"), outage.ended(), Category.INFO,
                fileSystem(outage), outage.key(), message);
    }

    private static String size(Outage outage) {
        String targets = outage.targets() == 1 ? "1 target" : outage.targets() + " targets";
        String servers = outage.servers() == 1 ? "1 server" : outage.servers() + " servers";
        return targets + " of " + servers;
    }

    private static String detail(Outage outage) {
        return " (filesystems: " + String.join(", ", outage.filesystems()) + "; e.g. "
                + String.join(", ", outage.examples()) + ")";
    }

    /** The filesystem when the outage is of one; empty when of several. */
    private static String fileSystem(Outage outage) {
        List<String> all = outage.filesystems();
        return all.size() == 1 ? all.get(0) : "";
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toSeconds() + " s";
    }
}
