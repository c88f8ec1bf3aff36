package org.lustrecollector.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.lustrecollector.config.CollectorConfig;
import org.lustrecollector.logging.RateLimitedLog;
import org.lustrecollector.rpc.BeanLookup;

/**
 * In front of the XML-RPC servlet: lets through only what {@link AccessPolicy} accepts, and answers
 * everything else with a short plain-text page, as Tomcat's own filters in
 * {@code org.apache.catalina.filters} do. Each refusal is logged with the address and the reason,
 * rate-limited; each user who calls through Apache is logged when first seen.
 *
 * <p>Also the web application's error page ({@code web.xml} maps every error to it): on an error dispatch
 * it writes the status alone, so that no error from this application shows a stack trace or the server's
 * version, whatever the hosting Tomcat's ErrorReportValve is set to.
 */
public class AccessFilter implements Filter {
    /**
     * The methods served, in every Allow header: on the 405 of any other method, on OPTIONS, and (from Tomcat,
     * which lists what the servlet implements) on the 405 of TRACE, which the connectors refuse (allowTrace).
     */
    static final String ALLOW = "POST, OPTIONS";
    /** The Allow header of {@link AccessPolicy#METRICS}. */
    static final String ALLOW_METRICS = "GET, HEAD, OPTIONS";
    private static final Logger LOG = Logger.getLogger(AccessFilter.class.getName());

    private final RateLimitedLog refusals = RateLimitedLog.perMinute(AccessFilter.class, 20);
    private final KnownCallers knownCallers = new KnownCallers(1000, Duration.ofHours(1), InstantSource.system());
    private AccessPolicy policy;

    /** For Tomcat, which then calls {@link #init}. */
    public AccessFilter() {
    }

    AccessFilter(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        policy = AccessPolicy.of(BeanLookup.get(filterConfig.getServletContext(), CollectorConfig.class));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            writeErrorPage(request, response);
            return;
        }
        Caller caller = Caller.of(request);
        boolean metrics = AccessPolicy.METRICS.equals(request.getServletPath());
        String allow = metrics ? ALLOW_METRICS : ALLOW;
        Optional<AccessPolicy.Refusal> refusal = policy.check(caller, metrics);
        if (refusal.isPresent()) {
            AccessPolicy.Refusal r = refusal.get();
            refusals.log(Level.WARNING, "Refused " + caller.method() + " from " + caller.describe() + ": " + r.reason());
            if (r.status() == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
                response.setHeader("Allow", allow);
            }
            write(response, r.status(), r.message());
            return;
        }
        if ("OPTIONS".equals(request.getMethod())) {
            response.setHeader("Allow", allow);
            response.setContentLength(0);
            response.setStatus(HttpServletResponse.SC_OK);
            return;
        }
        if (caller.throughAjp() && knownCallers.shouldLog(caller.describe())) {
            LOG.info(() -> "Calls from " + caller.describe());
        }
        chain.doFilter(request, response);
    }

    private static void writeErrorPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            // Tomcat has logged it already; the client only learns that it failed.
            LOG.log(Level.FINE, "Error page for a failed request", t);
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        write(response, code, "HTTP " + code);
    }

    private static void write(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println(message);
        out.flush();
    }
}
