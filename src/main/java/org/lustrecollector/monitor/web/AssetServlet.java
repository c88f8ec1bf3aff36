package org.lustrecollector.monitor.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page and its scripts and styles, from the jar (resources under {@code static/} next to this class),
 * read once at start. Only the files listed in {@link #ASSETS} exist; "/" is the page.
 */
final class AssetServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** File name to content type. */
    static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html;charset=UTF-8",
            "dashboard.css", "text/css;charset=UTF-8",
            "app.js", "text/javascript;charset=UTF-8",
            "format.js", "text/javascript;charset=UTF-8",
            "tiles.js", "text/javascript;charset=UTF-8",
            "traps.js", "text/javascript;charset=UTF-8",
            "chart.js", "text/javascript;charset=UTF-8",
            "outages.js", "text/javascript;charset=UTF-8",
            "favicon.svg", "image/svg+xml");

    private final transient Map<String, byte[]> content = new HashMap<>();

    AssetServlet() {
        for (String name : ASSETS.keySet()) {
            try (InputStream in = AssetServlet.class.getResourceAsStream("static/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the web view's " + name);
                }
                content.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String name = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
        byte[] bytes = content.get(name);
        if (bytes == null) {
            res.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        res.setContentType(ASSETS.get(name));
        res.setHeader("Cache-Control", "no-cache");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }
}
