package org.lustrecollector.monitor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A collector to watch: its URL, and the user name given in it (never a password: that would show in
 * {@code ps}).
 *
 * @param url   the URL without user information, as printed and as the {@code collector} member in --json
 * @param order the position on the command line; traps of the same second are merged in this order
 */
public record Collector(URI url, Optional<String> user, int order) {

    static Collector parse(String text, int order) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http:// or https:// URL: " + text);
        }
        String userInfo = uri.getUserInfo();
        Optional<String> user = Optional.empty();
        if (userInfo != null) {
            if (userInfo.contains(":")) {
                throw new IllegalArgumentException("a password in a URL shows in ps: put it in a file "
                        + "(--password-file) or in LUSTRE_MONITOR_PASSWORD, and only the user in the URL");
            }
            user = Optional.of(userInfo);
        }
        try {
            URI bare = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(),
                    uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath(), uri.getQuery(), null);
            return new Collector(bare, user, order);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
    }

    /** As printed and as the {@code collector} member in --json. */
    public String name() {
        return url.toString();
    }
}
