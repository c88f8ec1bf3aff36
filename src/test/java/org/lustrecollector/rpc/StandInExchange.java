package org.lustrecollector.rpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One POST through {@link CollectorXmlRpcServer#execute} on stand-in servlet request and response objects,
 * as the servlet would make it; only the calls the server makes are answered.
 */
final class StandInExchange {
    /**
     * What the server answered: the HTTP status it set (200 unless it set one), the Content-Length it set
     * (-1 if none) and the body.
     */
    record Answer(int status, long contentLength, byte[] body) {
    }

    private StandInExchange() {
    }

    /**
     * @param withContentLength whether the request says how long its body is; without, it is like a
     *                          chunked request
     */
    static Answer post(CollectorXmlRpcServer server, byte[] body, boolean withContentLength) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "text/xml"));
        if (withContentLength) {
            headers.put("Content-Length", Integer.toString(body.length));
        }
        ServletInputStream input = in(body);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                StandInExchange.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getHeaders" -> Collections.enumeration(
                            headers.containsKey((String) args[0]) ? List.of(headers.get((String) args[0])) : List.of());
                    case "getInputStream" -> input;
                    case "getCharacterEncoding" -> null;
                    case "getContentLength" -> withContentLength ? body.length : -1;
                    case "getMethod" -> "POST";
                    default -> throw new UnsupportedOperationException("request." + method.getName());
                });
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ServletOutputStream output = out(written);
        int[] status = {200};
        long[] contentLength = {-1};
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                StandInExchange.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> output;
                    case "setStatus" -> {
                        status[0] = (Integer) args[0];
                        yield null;
                    }
                    case "setContentLength", "setContentLengthLong" -> {
                        contentLength[0] = ((Number) args[0]).longValue();
                        yield null;
                    }
                    case "setContentType", "setHeader" -> null;
                    default -> throw new UnsupportedOperationException("response." + method.getName());
                });
        server.execute(request, response);
        return new Answer(status[0], contentLength[0], written.toByteArray());
    }

    private static ServletInputStream in(byte[] body) {
        InputStream bytes = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return bytes.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static ServletOutputStream out(ByteArrayOutputStream bytes) {
        return new ServletOutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
