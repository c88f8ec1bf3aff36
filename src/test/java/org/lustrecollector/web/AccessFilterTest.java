package org.lustrecollector.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lustrecollector.config.TestConfig;

/** The filter on stand-in servlet objects: what reaches the servlet, what the client reads, what is logged. */
class AccessFilterTest {
    private final AccessFilter filter = new AccessFilter(AccessPolicy.of(TestConfig.of("allow", "127.0.0.1/32")));
    private final Logger logger = Logger.getLogger(AccessFilter.class.getName());
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    {
        logger.addHandler(capture);
    }

    @AfterEach
    void removeHandler() {
        logger.removeHandler(capture);
    }

    /** What the filter did with one request. */
    private record Outcome(boolean passedOn, int status, Map<String, String> headers, String body) {
    }

    /** The path the request is for; "/" (XML-RPC) unless a test asks for another. */
    private String servletPath = "/";

    private Outcome send(DispatcherType dispatch, String method, String protocol, String address, String user,
                         Map<String, Object> attributes) throws Exception {
        ServletConnection connection = (ServletConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServletConnection.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProtocol" -> protocol;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getDispatcherType" -> dispatch;
                    case "getMethod" -> method;
                    case "getServletPath" -> servletPath;
                    case "getServletConnection" -> connection;
                    case "getRemoteAddr" -> address;
                    case "getRemoteUser" -> user;
                    case "getContentLengthLong" -> 10L;
                    case "getAttribute" -> attributes.get((String) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        int[] status = {200};
        Map<String, String> headers = new HashMap<>();
        StringWriter body = new StringWriter();
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> switch (m.getName()) {
                    case "isCommitted" -> false;
                    case "setStatus" -> {
                        status[0] = (Integer) a[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                    case "setContentType", "setContentLength" -> null;
                    case "getWriter" -> writer;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        boolean[] passed = {false};
        FilterChain chain = (req, res) -> passed[0] = true;
        filter.doFilter(request, response, chain);
        return new Outcome(passed[0], status[0], headers, body.toString());
    }

    private Outcome send(String method, String protocol, String address, String user) throws Exception {
        return send(DispatcherType.REQUEST, method, protocol, address, user, Map.of());
    }

    /** /metrics answers GET and HEAD, under the same origin rules; POST there is 405 with its own Allow. */
    @Test
    void metricsAnswersGetAndHeadFromAllowedPeersOnly() throws Exception {
        servletPath = "/metrics";
        assertTrue(send("GET", "HTTP/1.1", "127.0.0.1", null).passedOn());
        assertTrue(send("HEAD", "HTTP/1.1", "127.0.0.1", null).passedOn());
        assertTrue(send("GET", "ajp", "192.0.2.9", "prometheus").passedOn());
        assertEquals(403, send("GET", "ajp", "192.0.2.9", null).status());
        Outcome stranger = send("GET", "HTTP/1.1", "127.0.0.2", null);
        assertFalse(stranger.passedOn());
        assertEquals(403, stranger.status());
        Outcome post = send("POST", "HTTP/1.1", "127.0.0.1", null);
        assertFalse(post.passedOn());
        assertEquals(405, post.status());
        assertEquals("GET, HEAD, OPTIONS", post.headers().get("Allow"));
        assertEquals("GET, HEAD, OPTIONS", send("OPTIONS", "HTTP/1.1", "127.0.0.1", null).headers().get("Allow"));
        servletPath = "/metrics/x";
        assertEquals(405, send("GET", "HTTP/1.1", "127.0.0.1", null).status());
    }

    @Test
    void anAllowedPostReachesTheServlet() throws Exception {
        Outcome ok = send("POST", "HTTP/1.1", "127.0.0.1", null);
        assertTrue(ok.passedOn());
        assertEquals(List.of(), logged);
    }

    @Test
    void aGetIs405WithAllowPostAndIsLoggedWithAddressAndReason() throws Exception {
        Outcome get = send("GET", "HTTP/1.1", "127.0.0.1", null);
        assertFalse(get.passedOn());
        assertEquals(405, get.status());
        assertEquals("POST, OPTIONS", get.headers().get("Allow"));
        assertEquals(List.of("Refused GET from 127.0.0.1: method GET (only POST is served)"), logged);
    }

    /** OPTIONS is answered with the methods served, the same Allow as on a 405 (and on Tomcat's for TRACE). */
    @Test
    void optionsFromAnAllowedPeerIsAnsweredWithTheAllowHeaderAndAStrangerIs403() throws Exception {
        Outcome options = send("OPTIONS", "HTTP/1.1", "127.0.0.1", null);
        assertFalse(options.passedOn());
        assertEquals(200, options.status());
        assertEquals("POST, OPTIONS", options.headers().get("Allow"));
        assertEquals("", options.body());
        Outcome stranger = send("OPTIONS", "HTTP/1.1", "127.0.0.2", null);
        assertEquals(403, stranger.status());
        assertFalse(stranger.headers().containsKey("Allow"));
    }

    @Test
    void aPeerOutsideTheAllowListIs403() throws Exception {
        Outcome stranger = send("POST", "HTTP/1.1", "127.0.0.2", null);
        assertFalse(stranger.passedOn());
        assertEquals(403, stranger.status());
        assertEquals(List.of("Refused POST from 127.0.0.2: address is not in the allow list"), logged);
    }

    @Test
    void overAjpTheUserIsLoggedOnceAndAMissingUserIsRefused() throws Exception {
        assertTrue(send("POST", "ajp", "192.0.2.9", "alice").passedOn());
        assertTrue(send("POST", "ajp", "192.0.2.9", "alice").passedOn());
        assertEquals(List.of("Calls from 192.0.2.9 through Apache (AJP), user 'alice'"), logged);

        Outcome anonymous = send("POST", "ajp", "192.0.2.9", null);
        assertEquals(403, anonymous.status());
        assertTrue(logged.get(1).startsWith("Refused POST from 192.0.2.9 through Apache (AJP), user none: "), logged.get(1));
    }

    @Test
    void refusalsAreRateLimited() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertEquals(403, send("POST", "HTTP/1.1", "127.0.0.2", null).status());
        }
        assertEquals(20, logged.size());
    }

    @Test
    void theErrorPageShowsTheStatusAndNothingElse() throws Exception {
        Outcome error = send(DispatcherType.ERROR, "POST", "HTTP/1.1", "127.0.0.1", null,
                Map.of(RequestDispatcher.ERROR_STATUS_CODE, 500,
                        RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret detail")));
        assertFalse(error.passedOn());
        assertEquals(500, error.status());
        assertEquals("HTTP 500", error.body().strip());
    }
}
