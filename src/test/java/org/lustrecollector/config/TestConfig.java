package org.lustrecollector.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configurations for tests: the built-in defaults with the given options, as the command line would give
 * them, and no files. Going through {@link ConfigLoader} keeps tests valid when options are added.
 */
public final class TestConfig {
    private static final Path NOWHERE = Path.of("/nonexistent/lustre-collector-test");

    private TestConfig() {
    }

    /** @param optionsAndValues option, value, option, value, ... */
    public static CollectorConfig of(String... optionsAndValues) {
        if (optionsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("options and values come in pairs");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            options.put(optionsAndValues[i], optionsAndValues[i + 1]);
        }
        return new ConfigLoader(NOWHERE.resolve("system-config"), NOWHERE, Map.of(), options).load();
    }
}
