package org.lustrecollector.lustre;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lustre target name such as {@code lustre-OST002a}: fsname, type and index (4 hex digits).
 * Names are parsed from the right: an fsname (1 to 8 characters) may itself contain '-'.
 *
 * <p>Not a record, so that the printed name is made once: with 100,000 nodes, the name is a key of
 * several maps and part of every node status, and a copy per use would fill the heap with equal strings
 * (docs/benchmarks.md, "Memory"). For the same reason the fsname is interned: 100 filesystems, 100,000
 * nodes that name them. Equal when fsname, type and index are.
 */
public final class TargetName {
    private static final Pattern TARGET = Pattern.compile("(.{1,8})-(OST|MDT)(\\p{XDigit}{4})");
    private static final String UUID_SUFFIX = "_UUID";

    private final String fsName;
    private final NodeType type;
    private final int index;
    private final String name;

    public TargetName(String fsName, NodeType type, int index) {
        this.fsName = fsName.intern();
        this.type = Objects.requireNonNull(type);
        this.index = index;
        this.name = fsName + "-" + type + String.format(Locale.ROOT, "%04x", index);
    }

    public String fsName() {
        return fsName;
    }

    public NodeType type() {
        return type;
    }

    public int index() {
        return index;
    }

    /** The target name as Lustre prints it: index in 4 lower-case hex digits. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetName t && index == t.index && type == t.type && fsName.equals(t.fsName);
    }

    @Override
    public int hashCode() {
        return (fsName.hashCode() * 31 + type.hashCode()) * 31 + index;
    }

    @Override
    public String toString() {
        return name;
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
