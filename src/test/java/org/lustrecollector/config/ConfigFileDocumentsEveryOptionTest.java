package org.lustrecollector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * conf/config, the file administrators copy, shows every option of {@link ConfigOptions} as a commented
 * {@code ;name = default} line with the default the loader really uses, and no option the loader does not know.
 */
class ConfigFileDocumentsEveryOptionTest {
    private static final Path CONF = Path.of("conf/config");
    /** A commented option line: ';' straight before the name; prose comments have a space after ';'. */
    private static final Pattern OPTION_LINE = Pattern.compile(";([a-z]+) =(?: (.*))?");

    /** What is wrong with {@code text} as documentation of the option table; empty when nothing is. */
    static List<String> problems(String text) {
        Map<String, String> documented = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher m = OPTION_LINE.matcher(line.strip());
            if (m.matches()) {
                String value = m.group(2) == null ? "" : m.group(2).strip();
                if (documented.put(m.group(1), value) != null) {
                    problems.add(m.group(1) + " is documented twice");
                }
            }
        }
        for (ConfigOption<?> option : ConfigOptions.ALL) {
            String shown = documented.remove(option.name());
            if (shown == null) {
                problems.add(option.name() + " is not documented (expected ;" + option.name() + " = " + option.defaultText() + ")");
            } else if (!shown.equals(option.defaultText())) {
                problems.add(option.name() + " is documented with default '" + shown + "', its default is '"
                        + option.defaultText() + "'");
            }
        }
        documented.keySet().forEach(name -> problems.add(name + " is documented but is no option"));
        return problems;
    }

    private static String conf() throws IOException {
        return Files.readString(CONF, StandardCharsets.UTF_8);
    }

    @Test
    void confConfigShowsEveryOptionWithItsRealDefault() throws IOException {
        assertEquals(List.of(), problems(conf()));
    }

    @Test
    void aMissingOptionIsFound() throws IOException {
        String without = conf().replace(";maxbody = 1m\n", "");
        assertEquals(List.of("maxbody is not documented (expected ;maxbody = 1m)"), problems(without));
    }

    @Test
    void aWrongDefaultIsFound() throws IOException {
        String wrong = conf().replace(";maxtraps = 250\n", ";maxtraps = 1000\n");
        assertEquals(List.of("maxtraps is documented with default '1000', its default is '250'"), problems(wrong));
        String emptied = conf().replace(";interval = 5s\n", ";interval =\n");
        assertEquals(List.of("interval is documented with default '', its default is '5s'"), problems(emptied));
    }

    @Test
    void anOptionThatDoesNotExistIsFound() throws IOException {
        assertEquals(List.of("colour is documented but is no option"), problems(conf() + ";colour = blue\n"));
    }

    @Test
    void theTableHasOneEntryPerNameEachWithAMeaningAndAnExpectation() {
        assertEquals(ConfigOptions.ALL.size(), ConfigOptions.defaults().size());
        for (ConfigOption<?> option : ConfigOptions.ALL) {
            assertTrue(option.name().matches("[a-z]+"), option.name());
            assertTrue(!option.description().isBlank() && !option.expected().isBlank(), option.name());
            assertEquals(option, ConfigOptions.named(option.name()).orElseThrow());
        }
    }

    @Test
    void everyDefaultIsAValidValueOfItsOption() {
        for (ConfigOption<?> option : ConfigOptions.ALL) {
            Object value = option.parse(option.defaultText(), "built-in defaults");
            assertEquals(value, TestConfig.of().get(option), option.name());
        }
    }
}
