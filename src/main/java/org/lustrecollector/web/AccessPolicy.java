package org.lustrecollector.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.lustrecollector.config.CollectorConfig;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;

/**
 * Who may call the collector, decided per request (docs/security.md):
 * <ul>
 * <li>A request over AJP came through the secret-protected AJP connector, that is from Apache httpd. Its
 * address is the end client's, as Apache sent it, and says nothing about the connection; such a request
 * is accepted when it carries the user Apache authenticated, or always when {@code requireuser} is off.</li>
 * <li>Any other request is checked by its connection's peer address against the {@code allow} list.</li>
 * <li>Then only POST is served, with a body no larger than {@code maxbody}; OPTIONS is answered by
 * {@link AccessFilter} with the Allow header alone. The one exception is {@link #METRICS}, which answers
 * GET and HEAD (and OPTIONS) for Prometheus, under the same origin rules.</li>
 * </ul>
 * The origin comes first, so that a caller that may not call at all learns nothing else.
 */
public final class AccessPolicy {
    /** Why a request is refused: the HTTP status, a line for the log, and a short text for the client. */
    public record Refusal(int status, String reason, String message) {
    }

    /**
     * Decisions per peer address as the connector reports it, so that the address is not parsed on every
     * request: the callers are a handful, the monitors and Apache (docs/benchmarks.md, "What limited
     * polling"). Bounded: once full, further addresses are decided without being remembered, so a peer
     * cycling through addresses costs only the parse it would have cost anyway.
     */
    static final int REMEMBERED_ADDRESSES = 256;

    private final List<IPAddress> allowed;
    private final boolean requireUser;
    private final int maxBodyBytes;
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    public AccessPolicy(List<String> allow, boolean requireUser, int maxBodyBytes) {
        this.allowed = allow.stream().map(cidr -> new IPAddressString(cidr).getAddress().toPrefixBlock()).toList();
        this.requireUser = requireUser;
        this.maxBodyBytes = maxBodyBytes;
    }

    public static AccessPolicy of(CollectorConfig config) {
        return new AccessPolicy(config.allow(), config.requireUser(), config.maxBodyBytes());
    }

    /** The path of Prometheus' metrics, the only one that answers GET. */
    public static final String METRICS = "/metrics";

    public Optional<Refusal> check(Caller caller) {
        return check(caller, false);
    }

    /** As {@link #check(Caller)}; {@code metrics} when the request is for {@link #METRICS}. */
    public Optional<Refusal> check(Caller caller, boolean metrics) {
        if (caller.throughAjp()) {
            if (requireUser && caller.user().isEmpty()) {
                return Optional.of(new Refusal(403, "came through Apache without an authenticated user "
                        + "(requireuser is on; Apache must authenticate)", "Forbidden: authentication required"));
            }
        } else if (!isAllowed(caller.address())) {
            return Optional.of(new Refusal(403, "address is not in the allow list",
                    "Forbidden: this address may not call the collector"));
        }
        if (metrics) {
            String m = caller.method();
            return "GET".equals(m) || "HEAD".equals(m) || "OPTIONS".equals(m) ? Optional.empty()
                    : Optional.of(new Refusal(405, "method " + m + " on " + METRICS + " (only GET and HEAD are served)",
                            "Method not allowed: " + METRICS + " answers GET"));
        }
        if (!"POST".equals(caller.method()) && !"OPTIONS".equals(caller.method())) {
            return Optional.of(new Refusal(405, "method " + caller.method() + " (only POST is served)",
                    "Method not allowed: the collector answers XML-RPC calls, sent with POST"));
        }
        if (caller.contentLength() > maxBodyBytes) {
            return Optional.of(new Refusal(413, "body of " + caller.contentLength() + " bytes (maxbody is "
                    + maxBodyBytes + ")", "Request body too large: at most " + maxBodyBytes + " bytes"));
        }
        return Optional.empty();
    }

    boolean isAllowed(String address) {
        Boolean known = decisions.get(address);
        if (known != null) {
            return known;
        }
        boolean allowedNow = decide(address);
        if (decisions.size() < REMEMBERED_ADDRESSES) {
            decisions.put(address, allowedNow);
        }
        return allowedNow;
    }

    int rememberedAddresses() {
        return decisions.size();
    }

    private boolean decide(String address) {
        IPAddress ip = new IPAddressString(address).getAddress();
        if (ip == null) {
            return false;
        }
        // A dual-stack socket may report an IPv4 peer as ::ffff:a.b.c.d; the allow list names it as IPv4.
        if (ip instanceof IPv6Address v6 && v6.isIPv4Mapped()) {
            ip = v6.getEmbeddedIPv4Address();
        }
        IPAddress peer = ip.withoutPrefixLength();
        return allowed.stream().anyMatch(range -> range.contains(peer));
    }
}
