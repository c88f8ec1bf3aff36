package org.lustrecollector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.lustrecollector.trapfile.TrapFileMode;

/**
 * Every configuration option, once: name, default, what is expected, meaning and parser. The loader reads
 * exactly these from every layer, the validation messages come from them, the launcher's --help shows
 * their defaults, and a test holds {@code conf/config} to them. A new option is one line here and its
 * paragraph in {@code conf/config}; code that uses it reads it through {@link CollectorConfig#get}.
 */
public final class ConfigOptions {
    private static final String BOOLEAN = "true or false";
    private static final String A_PORT = "a port number from 1 to 65535";
    private static final String A_HOST = "a host name or address";

    public static final ConfigOption<String> HOST = option("host", "127.0.0.1", A_HOST,
            "address the collector's own Tomcat listens on (ignored by a drop-in WAR)", ValueParsers::text);
    public static final ConfigOption<Integer> PORT = option("port", "8980", A_PORT,
            "port the collector's own Tomcat listens on (ignored by a drop-in WAR)", t -> ValueParsers.intIn(t, 1, 65_535));
    public static final ConfigOption<Boolean> DAEMON = option("daemon", "false", BOOLEAN,
            "whether the launcher detaches", ValueParsers::bool);
    public static final ConfigOption<String> FILENAME = option("filename", "", "a file path",
            "a configuration file to read instead of the user's ~/.lustre-collector", ValueParsers::anyText);
    public static final ConfigOption<Integer> MAXTRAPS = option("maxtraps", "250", "a whole number from 1 to 1000000",
            "most traps kept at once; when full the least severe, then oldest, goes", t -> ValueParsers.intIn(t, 1, 1_000_000));
    public static final ConfigOption<Duration> RETENTION = option("retention", "24h",
            "a duration such as 86400, 90m or 24h (at least 1 s)", "how long a trap is kept after it was received",
            t -> ValueParsers.duration(t, Duration.ofSeconds(1), Duration.ofDays(3650)));
    public static final ConfigOption<Path> TRAPFILE = option("trapfile", "/proc/fs/lustre/traps", "a file path",
            "the trap file", ValueParsers::path);
    public static final ConfigOption<TrapFileMode> TRAPFILEMODE = option("trapfilemode", "auto", "auto, regular or procfs",
            "how the trap file is read", ValueParsers::mode);
    public static final ConfigOption<Duration> INTERVAL = option("interval", "5s", "a duration from 1 s to 1 h, such as 5 or 5s",
            "how often files that give no change events are read again, and old traps expired",
            t -> ValueParsers.duration(t, Duration.ofSeconds(1), Duration.ofHours(1)));
    public static final ConfigOption<List<String>> ALLOW = option("allow", "127.0.0.1/32, ::1/128",
            "a comma-separated list of IPv4/IPv6 CIDR ranges such as 127.0.0.1/32, ::1/128",
            "addresses and CIDR ranges of the peers allowed to call the collector", ValueParsers::cidrList);
    public static final ConfigOption<Boolean> DEMO = option("demo", "false", BOOLEAN,
            "whether a built-in producer writes demo traps into the trap file", ValueParsers::bool);
    public static final ConfigOption<Path> LUSTREROOT = option("lustreroot", "/", "a folder",
            "folder under which the Lustre trees (sys/fs/lustre, proc/fs/lustre, sys/kernel/debug/lustre) are read",
            ValueParsers::path);
    public static final ConfigOption<Double> SPACEWARN = option("spacewarn", "5", "a percentage from 0 to 100, such as 5 or 2.5",
            "an OST or MDT whose available space falls below this percentage of its total raises a Warning", ValueParsers::percent);
    public static final ConfigOption<Double> INODEWARN = option("inodewarn", "10", "a percentage from 0 to 100, such as 10 or 2.5",
            "an OST or MDT whose free inodes fall below this percentage of its total raise a Warning", ValueParsers::percent);
    public static final ConfigOption<Optional<Path>> KERNELLOG = option("kernellog", "", "a file path, or nothing to turn it off",
            "a file of kernel messages whose Lustre console lines become traps; empty: off", ValueParsers::optionalPath);
    public static final ConfigOption<Duration> OUTAGEWINDOW = option("outagewindow", "10s",
            "0 to turn outage grouping off, or a duration from 1 s to 10 min, such as 10 or 10s",
            "connection losses this close together belong to one server or network outage; 0: no outage grouping",
            t -> ValueParsers.duration(t, Duration.ZERO, Duration.ofMinutes(10)));
    public static final ConfigOption<Integer> OUTAGETARGETS = option("outagetargets", "2", "a whole number from 2 to 100000",
            "targets of one server (NID) lost within outagewindow that make a server outage",
            t -> ValueParsers.intIn(t, 2, 100_000));
    public static final ConfigOption<Integer> OUTAGESERVERS = option("outageservers", "3", "a whole number from 2 to 100000",
            "servers of one LNet network with a loss within outagewindow that make a network outage",
            t -> ValueParsers.intIn(t, 2, 100_000));
    public static final ConfigOption<Integer> OUTAGEFATAL = option("outagefatal", "100", "a whole number from 1 to 1000000",
            "an outage of more targets than this raises a Fatal summary instead of a Critical one",
            t -> ValueParsers.intIn(t, 1, 1_000_000));
    public static final ConfigOption<Integer> MAXBODY = option("maxbody", "1m", "a size from 1k to 64m, such as 1048576, 512k or 1m",
            "largest XML-RPC request body accepted", ValueParsers::size);
    public static final ConfigOption<Duration> MAXWAIT = option("maxwait", "60s", "a duration from 1 s to 10 min, such as 60 or 60s",
            "longest a waitTraps call waits for a new trap", t -> ValueParsers.duration(t, Duration.ofSeconds(1), Duration.ofMinutes(10)));
    public static final ConfigOption<Integer> MAXWAITERS = option("maxwaiters", "2000", "a whole number from 0 to 100000",
            "most waitTraps calls waiting at once; past it a call answers at once, as getTraps",
            t -> ValueParsers.intIn(t, 0, 100_000));
    public static final ConfigOption<Boolean> REQUIREUSER = option("requireuser", "true", BOOLEAN,
            "whether a request that came through Apache over AJP must carry an authenticated user", ValueParsers::bool);
    public static final ConfigOption<String> AJPHOST = option("ajphost", "127.0.0.1", A_HOST,
            "address of the AJP connector of the collector's own Tomcat", ValueParsers::text);
    public static final ConfigOption<Integer> AJPPORT = option("ajpport", "8009", A_PORT,
            "port of that AJP connector", t -> ValueParsers.intIn(t, 1, 65_535));
    public static final ConfigOption<Path> AJPSECRETFILE = option("ajpsecretfile", "/etc/lustre-collector/ajp-secret",
            "a file path", "file holding the AJP secret; the AJP connector stays off while it does not exist",
            ValueParsers::path);

    /** Every option, in the order conf/config lists them. */
    public static final List<ConfigOption<?>> ALL = List.of(HOST, PORT, DAEMON, FILENAME, MAXTRAPS,
            RETENTION, TRAPFILE, TRAPFILEMODE, INTERVAL, ALLOW, DEMO, LUSTREROOT, SPACEWARN, INODEWARN, KERNELLOG,
            OUTAGEWINDOW, OUTAGETARGETS, OUTAGESERVERS, OUTAGEFATAL, MAXBODY, MAXWAIT, MAXWAITERS, REQUIREUSER, AJPHOST, AJPPORT, AJPSECRETFILE);

    private static final Map<String, ConfigOption<?>> BY_NAME = byName();

    private ConfigOptions() {
    }

    /** The option of that name, if there is one. */
    public static Optional<ConfigOption<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every option's default text, by name, in table order. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ALL.forEach(option -> defaults.put(option.name(), option.defaultText()));
        return java.util.Collections.unmodifiableMap(defaults);
    }

    private static <T> ConfigOption<T> option(String name, String defaultText, String expected, String description,
                                              Function<String, T> parser) {
        return new ConfigOption<>(name, defaultText, expected, description, parser);
    }

    private static Map<String, ConfigOption<?>> byName() {
        Map<String, ConfigOption<?>> map = new LinkedHashMap<>();
        for (ConfigOption<?> option : ALL) {
            if (map.put(option.name(), option) != null) {
                throw new IllegalStateException("two options named " + option.name());
            }
        }
        return Map.copyOf(map);
    }
}
