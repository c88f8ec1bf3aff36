package org.lustrecollector.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.lustrecollector.api.Category;
import org.lustrecollector.collector.CollectorStatus;
import org.lustrecollector.collector.OutageStatus;
import org.lustrecollector.lustre.HealthCheck;
import org.lustrecollector.source.SourceStatus;
import org.lustrecollector.trap.TrapCounts;

/**
 * The collector's own figures as Prometheus metric families: trap counters by category and filesystem,
 * the store, each source's liveness, the health check, the outages and the build. Everything comes from a
 * {@link CollectorStatus} and the last Lustre scan, both in memory; the per-target families are
 * {@link TargetMetrics}'. Names and meanings: docs/api.md, "GET /metrics".
 */
public final class CollectorMetrics {
    /** The prefix of every name. */
    public static final String PREFIX = "lustre_collector_";

    private CollectorMetrics() {
    }

    /** The families of one scrape. {@code health} is empty when health_check could not be read. */
    public static MetricSnapshots of(CollectorStatus status, Optional<HealthCheck> health, boolean lustreScanned,
                                     OutageStatus outages, long nowSeconds, List<MetricSnapshot> targets) {
        List<MetricSnapshot> families = new ArrayList<>(20 + targets.size());
        TrapCounts counts = status.counts();
        families.add(perFileSystem("traps_received", "Traps the store accepted, by category and filesystem",
                counts.receivedByFileSystem()));
        families.add(perFileSystem("traps_dropped", "Traps removed or refused because the store was full, by "
                + "category and filesystem", counts.droppedByFileSystem()));
        families.add(perFileSystem("traps_expired", "Traps removed because they were older than the retention, "
                + "by category and filesystem", counts.expiredByFileSystem()));
        families.add(gauge("traps_stored", "Traps held in the store now", counts.stored()));
        families.add(gauge("traps_capacity", "The most traps the store holds (maxtraps)", status.maxTraps()));
        families.add(counter("failed_cycles", "Turns of the collector's loop that ended with an unexpected error",
                status.failedCycles(), Labels.EMPTY));
        families.add(gauge("start_time_seconds", "When the collector started, Unix time",
                status.uptimeSeconds() == 0 ? 0 : nowSeconds - status.uptimeSeconds()));
        addSources(families, status.sources());
        addHealth(families, health, lustreScanned);
        addOutages(families, outages);
        families.add(InfoSnapshot.builder().name(PREFIX + "build").help("The collector's version")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                        .labels(Labels.of("version", status.version())).build())
                .build());
        families.addAll(targets);
        return new MetricSnapshots(families);
    }

    private static void addSources(List<MetricSnapshot> families, List<SourceStatus> sources) {
        GaugeSnapshot.Builder readable = GaugeSnapshot.builder().name(PREFIX + "source_readable")
                .help("1 when the source's last read succeeded (trap file, kernel log, Lustre tree), else 0");
        GaugeSnapshot.Builder lastRead = GaugeSnapshot.builder().name(PREFIX + "source_last_read_timestamp_seconds")
                .help("When the source last completed a read, Unix time; 0 before the first");
        GaugeSnapshot.Builder stuck = GaugeSnapshot.builder().name(PREFIX + "source_stuck")
                .help("1 when no read of the source has completed within the collector's stuck limit");
        CounterSnapshot.Builder malformed = CounterSnapshot.builder().name(PREFIX + "lines_malformed")
                .help("Lines a source skipped because they could not be read as what it expects");
        CounterSnapshot.Builder ignored = CounterSnapshot.builder().name(PREFIX + "lines_ignored")
                .help("Lines a source understood but did not turn into traps");
        CounterSnapshot.Builder unreadable = CounterSnapshot.builder().name(PREFIX + "files_unreadable")
                .help("Files a source could not read for an unexpected reason, one per failed read");
        CounterSnapshot.Builder failures = CounterSnapshot.builder().name(PREFIX + "source_failures")
                .help("Reads of a source that ended with an exception instead of completing");
        for (SourceStatus s : sources) {
            Labels labels = Labels.of("source", s.name());
            readable.dataPoint(point(s.readable() ? 1 : 0, labels));
            lastRead.dataPoint(point(s.lastRead(), labels));
            stuck.dataPoint(point(s.stuck() ? 1 : 0, labels));
            malformed.dataPoint(count(s.malformed(), labels));
            ignored.dataPoint(count(s.ignored(), labels));
            unreadable.dataPoint(count(s.unreadable(), labels));
            failures.dataPoint(count(s.failures(), labels));
        }
        families.add(readable.build());
        families.add(lastRead.build());
        families.add(stuck.build());
        families.add(malformed.build());
        families.add(ignored.build());
        families.add(unreadable.build());
        families.add(failures.build());
    }

    private static void addHealth(List<MetricSnapshot> families, Optional<HealthCheck> health, boolean scanned) {
        GaugeSnapshot.Builder check = GaugeSnapshot.builder().name(PREFIX + "health_check")
                .help("This server's Lustre health_check: 1 healthy, 0 NOT HEALTHY or LBUG; absent when unreadable");
        GaugeSnapshot.Builder lbug = GaugeSnapshot.builder().name(PREFIX + "health_lbug")
                .help("1 when health_check reports an LBUG; absent when unreadable");
        health.ifPresent(h -> {
            check.dataPoint(point(h == HealthCheck.HEALTHY ? 1 : 0, Labels.EMPTY));
            lbug.dataPoint(point(h == HealthCheck.LBUG ? 1 : 0, Labels.EMPTY));
        });
        families.add(check.build());
        families.add(lbug.build());
        families.add(gauge("lustre_scan_succeeded", "1 when the last scan of the Lustre tree ran to its end",
                scanned ? 1 : 0));
    }

    /** Both kinds always, so that a rule sees 0 rather than no series before the first outage. */
    private static void addOutages(List<MetricSnapshot> families, OutageStatus outages) {
        GaugeSnapshot.Builder active = GaugeSnapshot.builder().name(PREFIX + "outages_active")
                .help("Server and network outages active now: connection losses grouped by NID and LNet network");
        CounterSnapshot.Builder raised = CounterSnapshot.builder().name(PREFIX + "outages_raised")
                .help("Outage summary traps raised since start, by kind (server or network)");
        Labels server = Labels.of("kind", "server");
        Labels network = Labels.of("kind", "network");
        active.dataPoint(point(outages.activeServer(), server));
        active.dataPoint(point(outages.activeNetwork(), network));
        raised.dataPoint(count(outages.raisedServer(), server));
        raised.dataPoint(count(outages.raisedNetwork(), network));
        families.add(active.build());
        families.add(raised.build());
    }

    private static CounterSnapshot perFileSystem(String name, String help, Map<String, long[]> byFileSystem) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(PREFIX + name).help(help);
        Category[] categories = Category.values();
        byFileSystem.forEach((fs, perCategory) -> {
            for (Category c : categories) {
                b.dataPoint(count(perCategory[c.code()],
                        Labels.of("category", c.name().toLowerCase(Locale.ROOT), "fs", fs)));
            }
        });
        return b.build();
    }

    private static CounterSnapshot counter(String name, String help, long value, Labels labels) {
        return CounterSnapshot.builder().name(PREFIX + name).help(help).dataPoint(count(value, labels)).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(PREFIX + name).help(help).dataPoint(point(value, Labels.EMPTY)).build();
    }

    static GaugeDataPointSnapshot point(double value, Labels labels) {
        return new GaugeDataPointSnapshot(value, labels, null);
    }

    private static CounterDataPointSnapshot count(long value, Labels labels) {
        return new CounterDataPointSnapshot(value, labels, null, 0L);
    }
}
