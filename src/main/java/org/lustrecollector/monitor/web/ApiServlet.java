package org.lustrecollector.monitor.web;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON endpoints (docs/monitor.md): {@code /api/status}, {@code /api/traps?since=N&limit=M},
 * {@code /api/filesystems}, {@code /api/outages}, {@code /api/node?name=TARGET} (asks the collector that serves
 * the target).
 */
final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int MAX_LIMIT = 10_000;

    private final transient Dashboard dashboard;
    private final transient Map<String, StateClient> clients;
    private final transient JsonFactory json = JsonFactory.builder().build();

    ApiServlet(Dashboard dashboard, Map<String, StateClient> clients) {
        this.dashboard = dashboard;
        this.clients = clients;
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        switch (path) {
            case "/status" -> answer(res, dashboard::writeStatus);
            case "/filesystems" -> answer(res, dashboard::writeFileSystems);
            case "/outages" -> answer(res, dashboard::writeOutages);
            case "/traps" -> {
                Long since = number(req, "since", 0);
                Long limit = number(req, "limit", 1000);
                if (since == null || limit == null || since < 0 || limit < 1 || limit > MAX_LIMIT) {
                    res.sendError(HttpServletResponse.SC_BAD_REQUEST,
                            "since must be a trap number (0 or more) and limit 1-" + MAX_LIMIT);
                    return;
                }
                answer(res, g -> dashboard.writeTraps(g, since, limit.intValue()));
            }
            case "/node" -> node(req, res);
            default -> res.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void node(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String name = req.getParameter("name");
        String collector = name == null ? null : dashboard.lustre().collectorOf(name);
        StateClient client = collector == null ? null : clients.get(collector);
        if (client == null) {
            res.sendError(HttpServletResponse.SC_NOT_FOUND, "no such target on the page");
            return;
        }
        Map<String, Object> info;
        try {
            info = client.nodeInfo(name);
        } catch (Exception e) {
            res.sendError(HttpServletResponse.SC_BAD_GATEWAY, "the collector did not answer");
            return;
        }
        answer(res, g -> {
            g.writeStartObject();
            g.writeStringField("collector", collector);
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(info).entrySet()) {
                Object v = e.getValue();
                if (v instanceof Number n) {
                    g.writeNumberField(e.getKey(), n.doubleValue());
                } else if (v instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(v));
                }
            }
            g.writeEndObject();
        });
    }

    private static Long number(HttpServletRequest req, String name, long otherwise) {
        String text = req.getParameter(name);
        if (text == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void answer(HttpServletResponse res, Body body) throws IOException {
        res.setContentType("application/json;charset=UTF-8");
        res.setHeader("Cache-Control", "no-store");
        try (JsonGenerator g = json.createGenerator(res.getOutputStream())) {
            body.write(g);
        }
    }
}
