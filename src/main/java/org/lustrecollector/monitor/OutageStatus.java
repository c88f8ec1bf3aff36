package org.lustrecollector.monitor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.lustrecollector.monitor.outage.Outage;
import org.lustrecollector.monitor.outage.OutageMerge;

/**
 * --status: the outages of every collector ({@code getOutages}) as the relay and the web view show them
 * ({@link OutageMerge#merged}: both MDSs' reports of one outage once, server outages folded into the network
 * outage another MDS reports): active ones first, then those ended within the last hour. Asked as soon as it
 * is made, so that it runs alongside the filesystem summary. A collector without getOutages (an older one)
 * has none; when no collector has it, nothing is shown.
 */
final class OutageStatus implements AutoCloseable {
    private record Answer(Collector collector, List<Outage> outages, boolean offered, String problem) {
    }

    private final List<CollectorClient> clients;
    private final TrapFilter filter;
    private final Clock clock;
    private final ExecutorService pool;
    private final List<Future<Answer>> answers = new ArrayList<>();

    /** Starts asking every collector. */
    OutageStatus(List<CollectorClient> clients, TrapFilter filter, Clock clock) {
        this.clients = List.copyOf(clients);
        this.filter = filter;
        this.clock = clock;
        this.pool = Poller.pool(clients.size());
        for (CollectorClient client : this.clients) {
            answers.add(pool.submit(() -> ask(client)));
        }
    }

    /** Waits for the answers and shows them; returns how many collectors could not be asked. */
    int print(MonitorOutput out) throws InterruptedException {
        List<Outage> reports = new ArrayList<>();
        boolean offered = false;
        int failed = 0;
        for (int i = 0; i < clients.size(); i++) {
            Answer a = get(clients.get(i).collector(), answers.get(i));
            if (a.problem() != null) {
                failed++;
                out.noOutages(a.collector(), a.problem());
            }
            offered |= a.offered();
            a.outages().stream().filter(this::shown).forEach(reports::add);
        }
        if (offered) {
            out.outages(OutageMerge.merged(reports), clock.instant());
        }
        out.flush();
        return failed;
    }

    /** With --fs, the outages of those filesystems (and those whose filesystems the collector does not know). */
    private boolean shown(Outage o) {
        return o.filesystems().isEmpty() || o.filesystems().stream().anyMatch(filter::showsFileSystem);
    }

    private static Answer ask(CollectorClient client) {
        try {
            return new Answer(client.collector(), client.outages(), client.offersOutages(), null);
        } catch (Exception e) {
            return new Answer(client.collector(), List.of(), false, "outages not read: " + Failures.describe(e));
        }
    }

    private static Answer get(Collector collector, Future<Answer> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return new Answer(collector, List.of(), false, "outages not read: " + Failures.describe(e.getCause()));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
