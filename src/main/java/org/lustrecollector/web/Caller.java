package org.lustrecollector.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the collector knows about who sent a request.
 *
 * @param method        the HTTP method
 * @param throughAjp    whether it came over the AJP connector, that is from Apache httpd holding the secret
 * @param address       over HTTP the connection's peer; over AJP the end client's address as Apache sent it
 * @param user          over AJP the user Apache authenticated (with {@code tomcatAuthentication="false"})
 * @param contentLength the declared body length, or -1 when the request does not say (chunked)
 */
public record Caller(String method, boolean throughAjp, String address, Optional<String> user, long contentLength) {
    /** Servlet 6 names the connection's protocol; Tomcat's AJP connector says {@code ajp}. */
    static final String AJP = "ajp";

    static Caller of(HttpServletRequest request) {
        String user = request.getRemoteUser();
        return new Caller(request.getMethod(),
                AJP.equalsIgnoreCase(request.getServletConnection().getProtocol()),
                request.getRemoteAddr(),
                user == null || user.isBlank() ? Optional.empty() : Optional.of(user),
                request.getContentLengthLong());
    }

    /** For the log: the address, and over AJP that it came through Apache and for which user. */
    String describe() {
        return throughAjp
                ? address + " through Apache (AJP), user " + user.map(u -> "'" + u + "'").orElse("none")
                : address;
    }
}
