package org.lustrecollector.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * --status: each collector's filesystems ({@code getFileSystems}, then {@code getFileSystemInfo} for each),
 * printed per filesystem with one line per collector that serves it. A collector without these methods
 * (fault -32601: an older collector) is named as such; the others are still shown.
 */
final class FileSystemStatus {
    private record Entry(Collector collector, String fs, Map<String, Object> info) {
    }

    private record Answer(List<Entry> entries, String problem, boolean failed) {
    }

    private final List<CollectorClient> clients;
    private final TrapFilter filter;
    private final MonitorOutput out;

    FileSystemStatus(List<CollectorClient> clients, TrapFilter filter, MonitorOutput out) {
        this.clients = List.copyOf(clients);
        this.filter = filter;
        this.out = out;
    }

    /** @return how many collectors could not be asked (unreachable or a bad answer) */
    int print() throws InterruptedException {
        ExecutorService pool = Poller.pool(clients.size());
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (CollectorClient client : clients) {
                answers.add(pool.submit(() -> ask(client)));
            }
            List<Entry> entries = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < clients.size(); i++) {
                Answer a = get(answers.get(i));
                entries.addAll(a.entries());
                if (a.problem() != null) {
                    out.noFileSystems(clients.get(i).collector(), a.problem());
                }
                failed += a.failed() ? 1 : 0;
            }
            entries.sort(Comparator.comparing(Entry::fs).thenComparingInt(e -> e.collector().order()));
            entries.forEach(e -> out.fileSystem(e.collector(), e.fs(), e.info()));
            out.flush();
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    private Answer ask(CollectorClient client) {
        List<Entry> entries = new ArrayList<>();
        try {
            for (String fs : client.fileSystems()) {
                if (filter.showsFileSystem(fs)) {
                    entries.add(new Entry(client.collector(), fs, client.fileSystemInfo(fs)));
                }
            }
            return new Answer(entries, null, false);
        } catch (Exception e) {
            if (Failures.isNoSuchMethod(e)) {
                return new Answer(entries, "this collector does not offer getFileSystems/getFileSystemInfo "
                        + "(an older version): no filesystem summary", false);
            }
            return new Answer(entries, "does not answer: " + Failures.describe(e), true);
        }
    }

    private static Answer get(Future<Answer> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return new Answer(List.of(), "failed: " + Failures.describe(e.getCause()), true);
        }
    }
}
