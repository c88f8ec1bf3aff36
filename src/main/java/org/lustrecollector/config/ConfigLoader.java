package org.lustrecollector.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddressString;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.MapConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.lustrecollector.trapfile.TrapFileMode;

/**
 * Reads the configuration from its layers, lowest precedence first: built-in defaults, the system-wide
 * file, the user's file (or the file named by {@code filename}), then JVM system properties
 * ({@code -Dlustre.collector.maxtraps=1000}) and command-line options.
 *
 * <p>Files are INI files parsed by Commons Configuration; options sit before any section. Every value is
 * validated here so that a bad one stops start-up with one line naming option, value and source.
 */
public final class ConfigLoader {
    private static final Logger LOG = Logger.getLogger(ConfigLoader.class.getName());

    public static final Path SYSTEM_FILE = Path.of("/etc/lustre-collector/config");
    public static final String USER_FILE_NAME = ".lustre-collector";
    public static final String PROPERTY_PREFIX = "lustre.collector.";
    private static final String PROPERTY_LAYER = "system properties";

    /** Every option with its built-in default. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*([km])?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|sec|m|min|h|d)?", Pattern.CASE_INSENSITIVE);

    private final Path systemFile;
    private final Path userHome;
    private final Map<String, String> systemProperties;
    private final Map<String, String> commandLine;

    /**
     * @param systemFile       the system-wide file; skipped when it does not exist
     * @param userHome         home folder holding {@code .lustre-collector}; skipped when it does not exist
     * @param systemProperties JVM system properties; only {@code lustre.collector.*} ones are used
     * @param commandLine      options given on the command line, by option name
     */
    public ConfigLoader(Path systemFile, Path userHome, Map<String, String> systemProperties,
                        Map<String, String> commandLine) {
        this.systemFile = systemFile;
        this.userHome = userHome;
        this.systemProperties = Map.copyOf(systemProperties);
        this.commandLine = Map.copyOf(commandLine);
    }

    /** The layers of this process: the real system file, the user's home and the JVM's system properties. */
    public static ConfigLoader forThisProcess(Map<String, String> commandLine) {
        Properties props = System.getProperties();
        Map<String, String> copy = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                copy.put(name, props.getProperty(name));
            }
        }
        return new ConfigLoader(SYSTEM_FILE, Path.of(System.getProperty("user.home", "/")), copy, commandLine);
    }

    public CollectorConfig load() {
        Layers layers = new Layers();
        layers.add("built-in defaults", new MapConfiguration(DEFAULTS));
        List<Path> files = new ArrayList<>();
        if (Files.exists(systemFile)) {
            layers.add(systemFile.toString(), readIni(systemFile));
            files.add(systemFile);
        }
        Map<String, String> fromProperties = new LinkedHashMap<>();
        systemProperties.forEach((k, v) -> {
            if (k.startsWith(PROPERTY_PREFIX)) {
                fromProperties.put(k.substring(PROPERTY_PREFIX.length()), v);
            }
        });
        MapConfiguration propertyLayer = new MapConfiguration(new LinkedHashMap<String, Object>(fromProperties));
        MapConfiguration commandLineLayer = new MapConfiguration(new LinkedHashMap<String, Object>(commandLine));

        Optional<Value> filename = new Layers(layers, PROPERTY_LAYER, propertyLayer, "command line", commandLineLayer)
                .find("filename");
        Path userFile;
        if (filename.isPresent() && !filename.get().text().isBlank()) {
            userFile = Path.of(filename.get().text());
            if (!Files.exists(userFile)) {
                throw ConfigException.badValue("filename", filename.get().text(), filename.get().source(),
                        "no such file");
            }
        } else {
            userFile = userHome.resolve(USER_FILE_NAME);
        }
        if (Files.exists(userFile)) {
            layers.add(userFile.toString(), readIni(userFile));
            files.add(userFile);
        }
        layers.add(PROPERTY_LAYER, propertyLayer);
        layers.add("command line", commandLineLayer);
        layers.warnAboutUnknownOptions();

        Path trapFile = layers.get("trapfile", "a file path", text -> text.isBlank() ? null : Path.of(text));
        return new CollectorConfig(
                layers.get("host", "a host name or address", text -> text.isBlank() ? null : text.trim()),
                layers.get("port", "a port number from 1 to 65535", text -> intIn(text, 1, 65_535)),
                layers.get("daemon", "true or false", ConfigLoader::bool),
                layers.get("maxtraps", "a whole number from 1 to 1000000", text -> intIn(text, 1, 1_000_000)),
                layers.get("retention", "a duration such as 86400, 90m or 24h (at least 1 s)",
                        text -> duration(text, Duration.ofSeconds(1), Duration.ofDays(3650))),
                trapFile.toAbsolutePath(),
                layers.get("trapfilemode", "auto, regular or procfs", ConfigLoader::mode),
                layers.get("interval", "a duration from 1 s to 1 h, such as 5 or 5s",
                        text -> duration(text, Duration.ofSeconds(1), Duration.ofHours(1))),
                layers.get("allow", "a comma-separated list of IPv4/IPv6 CIDR ranges such as 127.0.0.1/32, ::1/128",
                        ConfigLoader::cidrList),
                layers.get("demo", "true or false", ConfigLoader::bool),
                layers.get("lustreroot", "a folder", ConfigLoader::path),
                layers.get("spacewarn", "a percentage from 0 to 100, such as 5 or 2.5", ConfigLoader::percent),
                layers.get("kernellog", "a file path, or nothing to turn it off",
                        text -> text.isBlank() ? Optional.<Path>empty() : Optional.of(Path.of(text.trim()).toAbsolutePath())),
                layers.get("maxbody", "a size from 1k to 64m, such as 1048576, 512k or 1m", ConfigLoader::size),
                layers.get("requireuser", "true or false", ConfigLoader::bool),
                layers.get("ajphost", "a host name or address", text -> text.isBlank() ? null : text.trim()),
                layers.get("ajpport", "a port number from 1 to 65535", text -> intIn(text, 1, 65_535)),
                layers.get("ajpsecretfile", "a file path", ConfigLoader::path),
                files);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("host", "127.0.0.1");
        d.put("port", "8980");
        d.put("daemon", "false");
        d.put("filename", "");
        d.put("maxtraps", "250");
        d.put("retention", "24h");
        d.put("trapfile", "/proc/fs/lustre/traps");
        d.put("trapfilemode", "auto");
        d.put("interval", "5s");
        d.put("allow", "127.0.0.1/32, ::1/128");
        d.put("demo", "false");
        d.put("lustreroot", "/");
        d.put("spacewarn", "5");
        d.put("kernellog", "");
        d.put("maxbody", "1m");
        d.put("requireuser", "true");
        d.put("ajphost", "127.0.0.1");
        d.put("ajpport", "8009");
        d.put("ajpsecretfile", "/etc/lustre-collector/ajp-secret");
        return Map.copyOf(d);
    }

    private static INIConfiguration readIni(Path file) {
        INIConfiguration ini = new INIConfiguration();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ini.read(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + describe(e));
        } catch (ConfigurationException e) {
            throw new ConfigException("Cannot parse configuration file " + file + ": " + e.getMessage());
        }
        return ini;
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            case "MalformedInputException" -> "not valid UTF-8";
            default -> e.getMessage() == null ? kind : e.getMessage();
        };
    }

    static Path path(String text) {
        return text.isBlank() ? null : Path.of(text.trim()).toAbsolutePath();
    }

    static Double percent(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return value >= 0 && value <= 100 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Bytes, or a number with k or m (binary units). */
    static Integer size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "k" -> n * 1024;
            case "m" -> n * 1024 * 1024;
            default -> n;
        };
        return bytes >= 1024 && bytes <= 64L * 1024 * 1024 ? (int) bytes : null;
    }

    static Integer intIn(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            return value >= min && value <= max ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    static TrapFileMode mode(String text) {
        try {
            return TrapFileMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Seconds, or a number with the unit s, m, h or d. */
    static Duration duration(String text, Duration min, Duration max) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        Duration d = switch (unit) {
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        return d.compareTo(min) < 0 || d.compareTo(max) > 0 ? null : d;
    }

    static List<String> cidrList(String text) {
        List<String> ranges = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                new IPAddressString(part).toAddress();
            } catch (AddressStringException e) {
                return null;
            }
            ranges.add(part);
        }
        return ranges.isEmpty() ? null : ranges;
    }

    private record Value(String text, String source) {
    }

    /** Configuration layers, lowest precedence first; remembers which layer each value came from. */
    private static final class Layers {
        private final List<String> names = new ArrayList<>();
        private final List<Configuration> configs = new ArrayList<>();

        Layers() {
        }

        Layers(Layers base, String name1, Configuration c1, String name2, Configuration c2) {
            names.addAll(base.names);
            configs.addAll(base.configs);
            add(name1, c1);
            add(name2, c2);
        }

        void add(String name, Configuration config) {
            names.add(name);
            configs.add(config);
        }

        Optional<Value> find(String option) {
            for (int i = configs.size() - 1; i >= 0; i--) {
                Configuration c = configs.get(i);
                if (c.containsKey(option)) {
                    String source = names.get(i).equals(PROPERTY_LAYER) ? "system property " + PROPERTY_PREFIX + option
                            : names.get(i);
                    if (c.getList(option).size() > 1) {
                        throw new ConfigException("Bad configuration: " + option + " is set more than once in " + source);
                    }
                    String text = c.getString(option);
                    return Optional.of(new Value(text == null ? "" : text, source));
                }
            }
            return Optional.empty();
        }

        <T> T get(String option, String expected, Function<String, T> parse) {
            Value value = find(option).orElseThrow();
            T parsed;
            try {
                parsed = parse.apply(value.text());
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null) {
                throw ConfigException.badValue(option, value.text(), value.source(), "expected " + expected);
            }
            return parsed;
        }

        void warnAboutUnknownOptions() {
            Set<String> known = DEFAULTS.keySet();
            for (int i = 1; i < configs.size(); i++) {
                for (Iterator<String> keys = configs.get(i).getKeys(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!known.contains(key)) {
                        String source = names.get(i);
                        LOG.warning(() -> "Ignoring unknown configuration option '" + key + "' in " + source);
                    }
                }
            }
        }
    }
}
