package org.lustrecollector.kernellog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Trap ids derived from the kernel-log line itself: {@code kl-} and 64 bits of the SHA-256 of the raw
 * line (host, timestamp text and message), so reading the same log again, after a restart or from a
 * re-sent copy, gives the same ids and a monitor drops the repeats. The timestamp is hashed as written:
 * the wall-clock time made from a dmesg stamp depends on a boot time that can drift by a second.
 *
 * <p>Two identical lines in a row (syslog stamps have whole seconds) are still two events: the second
 * one's hash includes its repeat number, which is the same on every read of the file. Not thread-safe.
 */
final class LineIds {
    private static final String PREFIX = "kl-";
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private String previousLine = "";
    private int repeat;

    LineIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    String idOf(String line) {
        repeat = line.equals(previousLine) ? repeat + 1 : 0;
        previousLine = line;
        sha256.update(line.getBytes(StandardCharsets.UTF_8));
        if (repeat > 0) {
            sha256.update(("\n" + repeat).getBytes(StandardCharsets.US_ASCII));
        }
        return PREFIX + HEX.formatHex(sha256.digest(), 0, 8);
    }
}
