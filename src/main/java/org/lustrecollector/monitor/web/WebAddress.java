package org.lustrecollector.monitor.web;

/**
 * Where the web view listens: {@code [HOST:]PORT}, the host 127.0.0.1 unless given (only loopback unless
 * told otherwise); {@code [::1]:PORT} for an IPv6 address. Port 0 picks a free port.
 */
public record WebAddress(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static WebAddress parse(String text) {
        String host = DEFAULT_HOST;
        String port = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("--web '" + text + "': no host before ':'");
            }
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--web '" + text + "': the port must be a number, as in 8990 or "
                    + "127.0.0.1:8990");
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("--web '" + text + "': the port must be 0-65535");
        }
        return new WebAddress(host, number);
    }
}
