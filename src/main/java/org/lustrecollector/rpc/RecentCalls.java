package org.lustrecollector.rpc;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed calls of recently seen request bodies, kept for reuse: monitors poll with the same few bodies
 * over and over (getTraps with the timestamp the collector last answered, the same for every monitor that
 * is up to date), and looking the bytes up costs far less than parsing them again.
 *
 * <p>Only small bodies whose parameters are immutable scalars are kept, so a cached call can be handed to
 * every request that sends the same bytes. Bounded: when {@link #CAPACITY} different bodies are kept, all
 * are forgotten at once, which costs the next calls a parse each and keeps a stream of ever-new
 * timestamps, or a caller sending random bodies, from growing it. Thread-safe.
 */
final class RecentCalls {
    static final int CAPACITY = 64;
    static final int MAX_BODY_BYTES = 1024;

    /** What a body parsed to; the parameters are immutable. */
    record Call(String methodName, List<?> parameters) {
    }

    private final Map<ByteBuffer, Call> calls = new ConcurrentHashMap<>();

    /** The call {@code body} parsed to when last seen, or null. */
    Call get(byte[] body) {
        return body.length > MAX_BODY_BYTES ? null : calls.get(ByteBuffer.wrap(body));
    }

    /** Keeps {@code call} for {@code body} when both are small and immutable enough to share. */
    void put(byte[] body, Call call) {
        if (body.length > MAX_BODY_BYTES || !call.parameters().stream().allMatch(RecentCalls::immutable)) {
            return;
        }
        if (calls.size() >= CAPACITY) {
            calls.clear();
        }
        // The caller's array is not written to again: it was read for this request only.
        calls.put(ByteBuffer.wrap(body), call);
    }

    int size() {
        return calls.size();
    }

    private static boolean immutable(Object parameter) {
        return parameter instanceof Integer || parameter instanceof Long || parameter instanceof Double
                || parameter instanceof Boolean || parameter instanceof String;
    }
}
