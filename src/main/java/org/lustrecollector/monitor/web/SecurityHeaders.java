package org.lustrecollector.monitor.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every answer of the web view: GET (and HEAD) only, anything else 405; a Content-Security-Policy that
 * allows scripts, styles and connections to this server only and no inline script; no sniffing of types,
 * no framing, no referrer.
 */
final class SecurityHeaders extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            res.setHeader("Allow", "GET, HEAD");
            res.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "the web view is read-only: GET only");
            return;
        }
        chain.doFilter(req, res);
    }
}
