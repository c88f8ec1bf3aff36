package org.lustrecollector.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.MapConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

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

    /** Every option's built-in default, by name ({@link ConfigOptions}). */
    public static final Map<String, String> DEFAULTS = ConfigOptions.defaults();

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
                .find(ConfigOptions.FILENAME.name());
        Path userFile;
        if (filename.isPresent() && !filename.get().text().isBlank()) {
            userFile = Path.of(filename.get().text());
            if (!Files.exists(userFile)) {
                throw ConfigException.badValue(ConfigOptions.FILENAME.name(), filename.get().text(), filename.get().source(),
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

        CollectorConfig.Builder config = CollectorConfig.builder().sources(files);
        for (ConfigOption<?> option : ConfigOptions.ALL) {
            layers.set(config, option);
        }
        return config.build();
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

        <T> void set(CollectorConfig.Builder config, ConfigOption<T> option) {
            Value value = find(option.name()).orElseThrow();
            config.set(option, option.parse(value.text(), value.source()), value.source());
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
