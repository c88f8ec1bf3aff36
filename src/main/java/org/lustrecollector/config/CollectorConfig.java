package org.lustrecollector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

import org.lustrecollector.trapfile.TrapFileMode;

/**
 * The collector's settings, validated: a value for every option of {@link ConfigOptions}, each with where
 * it came from, and the configuration files that were read. Immutable. {@code conf/config} says what each
 * option means; the typed accessors are for callers, {@link #get} reads any option.
 */
public final class CollectorConfig {
    private final Map<ConfigOption<?>, Object> values;
    private final Map<ConfigOption<?>, String> origins;
    private final List<Path> sources;

    private CollectorConfig(Builder builder) {
        for (ConfigOption<?> option : ConfigOptions.ALL) {
            if (!builder.values.containsKey(option)) {
                throw new IllegalStateException("no value for option " + option.name());
            }
        }
        this.values = Map.copyOf(builder.values);
        this.origins = Map.copyOf(builder.origins);
        this.sources = List.copyOf(builder.sources);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of {@code option}. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        return (T) values.get(option);
    }

    /** Where the value of {@code option} came from: "built-in defaults", a file, a system property, "command line". */
    public String origin(ConfigOption<?> option) {
        return origins.get(option);
    }

    /** Address the collector's own Tomcat listens on (ignored by a drop-in WAR). */
    public String host() {
        return get(ConfigOptions.HOST);
    }

    /** Port the collector's own Tomcat listens on (ignored by a drop-in WAR). */
    public int port() {
        return get(ConfigOptions.PORT);
    }

    /** Whether the launcher detaches. */
    public boolean daemon() {
        return get(ConfigOptions.DAEMON);
    }

    /** Most traps kept at once. */
    public int maxTraps() {
        return get(ConfigOptions.MAXTRAPS);
    }

    /** How long a trap is kept after it was received. */
    public Duration retention() {
        return get(ConfigOptions.RETENTION);
    }

    /** The trap file, absolute. */
    public Path trapFile() {
        return get(ConfigOptions.TRAPFILE);
    }

    /** How the trap file is read. */
    public TrapFileMode trapFileMode() {
        return get(ConfigOptions.TRAPFILEMODE);
    }

    /** How often files that give no change events are read again. */
    public Duration interval() {
        return get(ConfigOptions.INTERVAL);
    }

    /** Canonical addresses and CIDR ranges of the peers allowed to call the collector. */
    public List<String> allow() {
        return get(ConfigOptions.ALLOW);
    }

    /** Whether a built-in producer writes demo traps into the trap file. */
    public boolean demo() {
        return get(ConfigOptions.DEMO);
    }

    /** Folder under which the Lustre trees are read; "/" on an MDS, a fixture folder in tests. */
    public Path lustreRoot() {
        return get(ConfigOptions.LUSTREROOT);
    }

    /** An OST whose available space falls below this share of its total raises a Warning. */
    public double spaceWarnPercent() {
        return get(ConfigOptions.SPACEWARN);
    }

    /** Free-inode percentage below which an OST or MDT raises a Warning; 0 turns it off. */
    public double inodeWarnPercent() {
        return get(ConfigOptions.INODEWARN);
    }

    /** A file of kernel messages to turn into traps; empty when off. */
    public Optional<Path> kernelLog() {
        return get(ConfigOptions.KERNELLOG);
    }

    /** Connection losses this close together belong to one outage. */
    public Duration outageWindow() {
        return get(ConfigOptions.OUTAGEWINDOW);
    }

    /** Targets of one NID lost within the outage window that make a server outage. */
    public int outageTargets() {
        return get(ConfigOptions.OUTAGETARGETS);
    }

    /** Servers of one LNet network with a loss within the outage window that make a network outage. */
    public int outageServers() {
        return get(ConfigOptions.OUTAGESERVERS);
    }

    /** An outage of more targets than this is Fatal. */
    public int outageFatal() {
        return get(ConfigOptions.OUTAGEFATAL);
    }

    /** Largest XML-RPC request body accepted. */
    public int maxBodyBytes() {
        return get(ConfigOptions.MAXBODY);
    }

    /** Longest a waitTraps call waits for a new trap. */
    public Duration maxWait() {
        return get(ConfigOptions.MAXWAIT);
    }

    /** Most waitTraps calls waiting at once; past it a call answers at once. */
    public int maxWaiters() {
        return get(ConfigOptions.MAXWAITERS);
    }

    /** Whether a request that came through Apache over AJP must carry an authenticated user. */
    public boolean requireUser() {
        return get(ConfigOptions.REQUIREUSER);
    }

    /** Address of the AJP connector of the collector's own Tomcat. */
    public String ajpHost() {
        return get(ConfigOptions.AJPHOST);
    }

    /** Port of that AJP connector. */
    public int ajpPort() {
        return get(ConfigOptions.AJPPORT);
    }

    /** File holding the AJP secret; the AJP connector stays off while it does not exist. */
    public Path ajpSecretFile() {
        return get(ConfigOptions.AJPSECRETFILE);
    }

    /** The configuration files that were read, lowest precedence first. */
    public List<Path> sources() {
        return sources;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CollectorConfig c && values.equals(c.values) && sources.equals(c.sources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, sources);
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "CollectorConfig[", "]");
        ConfigOptions.ALL.forEach(option -> text.add(option.name() + "=" + values.get(option)));
        return text.add("sources=" + sources).toString();
    }

    /** Collects a value for every option, by option; {@link #build} refuses a configuration that lacks one. */
    public static final class Builder {
        private final Map<ConfigOption<?>, Object> values = new LinkedHashMap<>();
        private final Map<ConfigOption<?>, String> origins = new LinkedHashMap<>();
        private List<Path> sources = List.of();

        private Builder() {
        }

        public <T> Builder set(ConfigOption<T> option, T value, String origin) {
            values.put(option, Objects.requireNonNull(value, option.name()));
            origins.put(option, Objects.requireNonNull(origin));
            return this;
        }

        public Builder sources(List<Path> files) {
            this.sources = List.copyOf(files);
            return this;
        }

        public CollectorConfig build() {
            return new CollectorConfig(this);
        }
    }
}
