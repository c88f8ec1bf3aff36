package org.lustrecollector.lustre;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lustre target name such as {@code lustre-OST002a}: fsname, type and index (4 hex digits).
 * Names are parsed from the right: an fsname (1 to 8 characters) may itself contain '-'.
 */
public record TargetName(String fsName, NodeType type, int index) {
    private static final Pattern TARGET = Pattern.compile("(.{1,8})-(OST|MDT)(\\p{XDigit}{4})");
    private static final String UUID_SUFFIX = "_UUID";

    /** The target name as Lustre prints it: index in 4 lower-case hex digits. */
    public String name() {
        return fsName + "-" + type + String.format(Locale.ROOT, "%04x", index);
    }

    public static Optional<TargetName> parse(String name) {
        Matcher m = TARGET.matcher(name);
        return m.matches() ? Optional.of(of(m, 1)) : Optional.empty();
    }

    /** {@code lustre-OST0000_UUID} as printed in target_obd and ost_server_uuid. */
    public static Optional<TargetName> parseUuid(String uuid) {
        return uuid.endsWith(UUID_SUFFIX) ? parse(uuid.substring(0, uuid.length() - UUID_SUFFIX.length()))
                : Optional.empty();
    }

    /** Builds a name from groups fs, type, hex index starting at {@code first}. */
    static TargetName of(Matcher m, int first) {
        return new TargetName(m.group(first), NodeType.valueOf(m.group(first + 1)),
                Integer.parseInt(m.group(first + 2), 16));
    }
}
