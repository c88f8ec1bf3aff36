package org.lustrecollector.config;

/**
 * A configuration value or file that cannot be used. The message is one line naming the option, the
 * value and where it came from; the stack trace would add nothing, so it is not filled in.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    static ConfigException badValue(String option, String value, String source, String expected) {
        return new ConfigException("Bad configuration: " + option + "=" + value + " (from " + source + "): " + expected);
    }
}
