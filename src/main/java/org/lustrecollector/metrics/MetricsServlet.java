package org.lustrecollector.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.time.InstantSource;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;

import org.lustrecollector.collector.OutageTally;
import org.lustrecollector.collector.TrapCollector;
import org.lustrecollector.lustre.LustreState;

/**
 * {@code GET /metrics}: the collector's figures for Prometheus, in the text exposition format 0.0.4, or
 * OpenMetrics 1.0 when the scraper's Accept header asks for it, gzip-compressed when Accept-Encoding allows.
 * Built from memory at each scrape ({@link MetricsExposition}): a scrape never reads
 * a Lustre file. Who may call is the access filter's business, as for XML-RPC (docs/security.md).
 */
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /**
     * {@code ?targets=false} leaves out the families with a series per target and per filesystem, so that a
     * site with many targets can scrape them less often than the collector's own health (docs/api.md).
     */
    static final String TARGETS_PARAMETER = "targets";

    private transient MetricsExposition exposition;
    private transient TrapCollector collector;
    private transient LustreState lustre;
    private transient OutageTally outages;
    private transient InstantSource clock;

    @Override
    public void init() throws ServletException {
        try {
            BeanManager beans = beanManager(getServletContext());
            collector = beans.createInstance().select(TrapCollector.class).get();
            lustre = beans.createInstance().select(LustreState.class).get();
            outages = beans.createInstance().select(OutageTally.class).get();
        } catch (IllegalStateException e) {
            throw new ServletException("CDI (Weld) did not start in this web application", e);
        }
        clock = InstantSource.system();
        exposition = new MetricsExposition();
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
        ExpositionFormatWriter format = exposition.writerFor(request.getHeader("Accept"));
        boolean gzip = acceptsGzip(request.getHeader("Accept-Encoding"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(format.getContentType());
        response.setHeader("Vary", "Accept, Accept-Encoding");
        response.setHeader("Cache-Control", "no-store");
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        try (OutputStream out = response.getOutputStream()) {
            exposition.write(out, format, gzip, collector.status(), lustre, outages.now(),
                    !"false".equals(request.getParameter(TARGETS_PARAMETER)), clock.instant().getEpochSecond());
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
