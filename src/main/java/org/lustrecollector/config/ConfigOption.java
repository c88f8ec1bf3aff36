package org.lustrecollector.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration option: its name, its built-in default, what a good value looks like, what it means,
 * and the parser that turns a text into its validated value. An option is a validating setter: a value
 * either parses into its type or is refused with the one line {@link ConfigException} describes.
 *
 * @param <T> the type of the option's value
 */
public final class ConfigOption<T> {
    private final String name;
    private final String defaultText;
    private final String expected;
    private final String description;
    private final Function<String, T> parser;

    /**
     * @param parser gives the value, or null for a text that is not one ("expected ..." then says why);
     *               throws {@link BadValue} for a refusal that says more than {@code expected}
     */
    ConfigOption(String name, String defaultText, String expected, String description, Function<String, T> parser) {
        this.name = Objects.requireNonNull(name);
        this.defaultText = Objects.requireNonNull(defaultText);
        this.expected = Objects.requireNonNull(expected);
        this.description = Objects.requireNonNull(description);
        this.parser = Objects.requireNonNull(parser);
    }

    /** The name in files, after {@code lustre.collector.} in system properties, and on the command line. */
    public String name() {
        return name;
    }

    /** The built-in default, as it would be written in a file. */
    public String defaultText() {
        return defaultText;
    }

    /** What a good value looks like, such as "a whole number from 1 to 1000000". */
    public String expected() {
        return expected;
    }

    /** What the option means, in one line. */
    public String description() {
        return description;
    }

    /**
     * The validated value of {@code text}.
     *
     * @param source where the text came from, for the message
     * @throws ConfigException naming this option, the text, the source and what is expected
     */
    public T parse(String text, String source) {
        T value;
        try {
            value = parser.apply(text);
        } catch (BadValue e) {
            throw ConfigException.badValue(name, text, source, e.getMessage());
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) {
            throw ConfigException.badValue(name, text, source, "expected " + expected);
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }

    /** A refusal of a value that says exactly what is wrong with it (which entry of a list, and why). */
    static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadValue(String reason) {
            super(reason, null, false, false);
        }
    }
}
