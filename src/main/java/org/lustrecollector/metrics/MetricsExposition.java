package org.lustrecollector.metrics;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.lustrecollector.collector.CollectorStatus;
import org.lustrecollector.collector.OutageStatus;
import org.lustrecollector.lustre.LustreState;

/**
 * Writes one scrape: the per-target families ({@link TargetFamilies}) first, then the collector's own and
 * the per-filesystem families through the Prometheus client's writer, which ends an OpenMetrics
 * exposition with its {@code # EOF}. Gzipped, the answer is a series of gzip members. Thread-safe.
 */
public final class MetricsExposition {
    private static final int BUFFER = 64 * 1024;

    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final TargetFamilies targets = new TargetFamilies();

    /** The writer for a scraper's Accept header: OpenMetrics when asked for, else the 0.0.4 text format. */
    public ExpositionFormatWriter writerFor(String accept) {
        return openMetrics.accepts(accept) ? openMetrics : text;
    }

    /**
     * @param outages     the outages active and raised
     * @param withTargets whether to include the per-target and per-filesystem families
     * @param nowSeconds  the collector's time, for the start time
     */
    public void write(OutputStream out, ExpositionFormatWriter format, boolean gzip, CollectorStatus status,
                      LustreState lustre, OutageStatus outages, boolean withTargets, long nowSeconds)
            throws IOException {
        MetricSnapshots rest = CollectorMetrics.of(status, lustre.health(), lustre.lastScanSucceeded(), outages,
                nowSeconds, withTargets ? FileSystemMetrics.of(lustre) : List.of());
        if (gzip) {
            if (withTargets) {
                for (byte[] member : targets.gzipMembers(lustre)) {
                    out.write(member);
                }
            }
            FastGzip gz = new FastGzip(out);
            format.write(gz, rest, EscapingScheme.UNDERSCORE_ESCAPING);
            gz.finish();
        } else {
            if (withTargets) {
                BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER);
                TargetFamilies.writePlain(lustre, buffered);
                buffered.flush();
            }
            format.write(out, rest, EscapingScheme.UNDERSCORE_ESCAPING);
        }
        out.flush();
    }

    /**
     * gzip at the fastest level: the exposition repeats its names and labels on every line, so even that
     * level compresses it many times over, for a fraction of the default level's CPU (docs/benchmarks.md).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
