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
    private static final Pattern INT = Pattern.compile("<(?:i4|int)>(-?\\d+)</(?:i4|int)>");

    private XmlRpcCalls() {
    }

    static byte[] getTraps(int since) {
        return call("getTraps", "<param><value><int>" + since + "</int></value></param>");
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

    /** The timestamp of a getTraps answer: its last int (traps' own ints come before it). */
    static int timestamp(String getTrapsAnswer) throws IOException {
        Matcher m = INT.matcher(getTrapsAnswer);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            throw new IOException("no timestamp in getTraps answer: " + abbreviate(getTrapsAnswer));
        }
        return Integer.parseInt(last);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
