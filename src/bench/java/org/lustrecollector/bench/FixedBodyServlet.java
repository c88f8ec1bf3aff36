package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The container's own limit, for the polling comparison: answers a POST to {@code /<name>} with the bytes of
 * file {@code <name>} of the folder in init parameter {@code bodies}, read once. The benchmark puts the
 * collector's own getTraps answers there, so the body is of the same size; the request body is read and
 * dropped, as an XML-RPC server must read it. Deployed by the benchmark as a second web application on the
 * collector's Tomcat, never in the WAR.
 */
public class FixedBodyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getInputStream().readAllBytes();
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        byte[] body = bodies.computeIfAbsent(name, this::read);
        if (body.length == 0) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("text/xml");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private byte[] read(String name) {
        Path folder = Path.of(getInitParameter("bodies"));
        Path file = folder.resolve(name).normalize();
        try {
            return file.getParent().equals(folder) && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
