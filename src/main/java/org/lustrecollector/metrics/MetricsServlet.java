package org.lustrecollector.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import org.lustrecollector.collector.TrapCollector;
import org.lustrecollector.lustre.LustreState;

/**
 * {@code GET /metrics}: the collector's figures for Prometheus, in the text exposition format 0.0.4, or
 * OpenMetrics 1.0 when the scraper's Accept header asks for it, gzip-compressed when Accept-Encoding allows.
 * Built from memory at each scrape ({@link CollectorMetrics}, {@link TargetMetrics}): a scrape never reads
 * a Lustre file. Who may call is the access filter's business, as for XML-RPC (docs/security.md).
 */
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int GZIP_BUFFER = 64 * 1024;
    /**
     * {@code ?targets=false} leaves out the families with a series per target and per filesystem, so that a
     * site with many targets can scrape them less often than the collector's own health (docs/api.md).
     */
    static final String TARGETS_PARAMETER = "targets";

    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private transient Scrape scrape;

    /** What one scrape reads: the collector's status and the Lustre state. */
    record Scrape(TrapCollector collector, LustreState lustre, InstantSource clock) {
        MetricSnapshots snapshots(boolean withTargets) {
            return CollectorMetrics.of(collector.status(), lustre.health(), lustre.lastScanSucceeded(),
                    clock.instant().getEpochSecond(), withTargets ? TargetMetrics.of(lustre) : List.of());
        }
    }

    @Override
    public void init() throws ServletException {
        try {
            BeanManager beans = beanManager(getServletContext());
            scrape = new Scrape(beans.createInstance().select(TrapCollector.class).get(),
                    beans.createInstance().select(LustreState.class).get(), InstantSource.system());
        } catch (IllegalStateException e) {
            throw new ServletException("CDI (Weld) did not start in this web application", e);
        }
    }

    /** Weld's BeanManager as the servlet context publishes it, else the container its initializer booted. */
    private static BeanManager beanManager(ServletContext context) {
        if (context.getAttribute(BeanManager.class.getName()) instanceof BeanManager beans) {
            return beans;
        }
        return CDI.current().getBeanManager();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MetricSnapshots snapshots = scrape.snapshots(!"false".equals(request.getParameter(TARGETS_PARAMETER)));
        ExpositionFormatWriter writer = openMetrics.accepts(request.getHeader("Accept")) ? openMetrics : text;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(writer.getContentType());
        response.setHeader("Vary", "Accept, Accept-Encoding");
        response.setHeader("Cache-Control", "no-store");
        if (acceptsGzip(request.getHeader("Accept-Encoding"))) {
            response.setHeader("Content-Encoding", "gzip");
            try (OutputStream out = new FastGzip(response.getOutputStream())) {
                writer.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
            }
        } else {
            try (OutputStream out = response.getOutputStream()) {
                writer.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
            }
        }
    }

    /**
     * gzip at the fastest level: the exposition repeats its names and labels on every line, so even that
     * level compresses it many times over, for a fraction of the default level's CPU (docs/benchmarks.md).
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, GZIP_BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Whether the header lists gzip with a q-value above 0 ({@code gzip;q=0} refuses it). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.trim().split(";");
            if (!fields[0].trim().equalsIgnoreCase("gzip")) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].trim();
                if (f.startsWith("q=")) {
                    try {
                        return Double.parseDouble(f.substring(2)) > 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }
}
