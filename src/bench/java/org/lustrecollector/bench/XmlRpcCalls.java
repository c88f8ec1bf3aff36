package org.lustrecollector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The XML-RPC request bodies the benchmarks send, and the two values they read back from answers. */
final class XmlRpcCalls {
    /** A time no trap was received at or after: the empty answer. */
    static final int FUTURE = 2_000_000_000;

    private static final Pattern RECEIVED =
            Pattern.compile("<name>received</name>\\s*<value>\\s*<double>([^<]+)</double>");
    private static final Pattern WAITING =
            Pattern.compile("<name>waiting</name>\\s*<value>\\s*<(?:i4|int)>(\\d+)</(?:i4|int)>");
    private static final Pattern INT = Pattern.compile("<(?:i4|int)>(-?\\d+)</(?:i4|int)>");

    private XmlRpcCalls() {
    }

    static byte[] getTraps(int since) {
        return call("getTraps", "<param><value><int>" + since + "</int></value></param>");
    }

    static byte[] waitTraps(int since, int seconds) {
        return call("waitTraps", "<param><value><int>" + since + "</int></value></param><param><value><int>" + seconds
                + "</int></value></param>");
    }

    static byte[] getLastTimestamp() {
        return call("getLastTimestamp", "");
    }

    static byte[] getStatus() {
        return call("getStatus", "");
    }

    private static byte[] call(String method, String params) {
        return ("<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>").getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code received} counter of a getStatus answer. */
    static long received(String statusAnswer) throws IOException {
        Matcher m = RECEIVED.matcher(statusAnswer);
        if (!m.find()) {
            throw new IOException("no 'received' in getStatus answer: " + abbreviate(statusAnswer));
        }
        return (long) Double.parseDouble(m.group(1));
    }

    /** The {@code waiting} count of a getStatus answer: waitTraps calls waiting now. */
    static int waiting(String statusAnswer) throws IOException {
        Matcher m = WAITING.matcher(statusAnswer);
        if (!m.find()) {
            throw new IOException("no 'waiting' in getStatus answer: " + abbreviate(statusAnswer));
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * The timestamp of a getTraps or waitTraps answer: its last int (traps' own ints come before it), found
     * from the end, since an answer may hold 250 traps and the waiting-clients benchmark reads thousands.
     */
    static int timestamp(String getTrapsAnswer) throws IOException {
        int at = Math.max(getTrapsAnswer.lastIndexOf("<int>"), getTrapsAnswer.lastIndexOf("<i4>"));
        Matcher m = at < 0 ? null : INT.matcher(getTrapsAnswer).region(at, getTrapsAnswer.length());
        if (m == null || !m.lookingAt()) {
            throw new IOException("no timestamp in getTraps answer: " + abbreviate(getTrapsAnswer));
        }
        return Integer.parseInt(m.group(1));
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
