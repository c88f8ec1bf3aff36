package org.lustrecollector.rpc;

import org.lustrecollector.config.CollectorConfig;

/**
 * What an XML-RPC request may cost the collector: the size of its body and how deeply its elements nest.
 * The collector's methods take at most a few scalars, so both limits are far above any honest call.
 *
 * @param maxBodyBytes largest body accepted ({@code maxbody})
 * @param maxDepth     deepest element nesting accepted; a call with one int parameter is 5 deep, each
 *                     nested array or struct adds 3
 */
public record RequestLimits(int maxBodyBytes, int maxDepth) {
    /** Nesting depth: room for about 20 levels of arrays, far more than any method of the API takes. */
    public static final int MAX_DEPTH = 64;

    public RequestLimits {
        if (maxBodyBytes < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxBodyBytes + ", " + maxDepth);
        }
    }

    public static RequestLimits of(CollectorConfig config) {
        return new RequestLimits(config.maxBodyBytes(), MAX_DEPTH);
    }
}
