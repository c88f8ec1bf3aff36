package org.lustrecollector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryTest {

    @Test
    void codesAreZeroToThreeInSeverityOrder() {
        assertEquals(0, Category.INFO.code());
        assertEquals(1, Category.WARNING.code());
        assertEquals(2, Category.CRITICAL.code());
        assertEquals(3, Category.FATAL.code());
    }

    @Test
    void ofCodeIsTheInverseOfCode() {
        for (Category c : Category.values()) {
            assertEquals(c, Category.ofCode(c.code()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4, 100, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void ofCodeRejectsCodesOutOfRange(int code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Category.ofCode(code));
        assertTrue(e.getMessage().contains(String.valueOf(code)), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "0, INFO", "1, WARNING", "2, CRITICAL", "3, FATAL",
            "INFO, INFO", "info, INFO", "Info, INFO", "iNfO, INFO",
            "WARNING, WARNING", "warning, WARNING", "Warning, WARNING",
            "CRITICAL, CRITICAL", "critical, CRITICAL", "cRiTiCaL, CRITICAL",
            "FATAL, FATAL", "fatal, FATAL", "Fatal, FATAL",
    })
    void parseAcceptsCodesAndNamesInAnyCase(String text, Category expected) {
        assertEquals(Optional.of(expected), Category.parse(text));
        assertEquals(Optional.of(expected), Category.parse("id\t" + text + "\tfs", 3, 3 + text.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4", "9", "-1", "01", "00", "10", "x", "I", " 1", "1 ", " INFO", "INFO ",
            "INFOS", "information", "warn", "crit", "error", "ERROR", "3.0", "\u0663"})
    void parseRejectsAnythingElse(String text) {
        assertEquals(Optional.empty(), Category.parse(text));
        // In place, within a line: the text around it (a name's prefix or suffix) must not count.
        assertEquals(Optional.empty(), Category.parse("INFO" + text + "INFO", 4, 4 + text.length()));
    }

    @Test
    void parseDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            // In Turkish, "i".toUpperCase() is a dotted capital I, which would not match INFO or CRITICAL.
            Locale.setDefault(new Locale("tr", "TR"));
            assertEquals(Optional.of(Category.INFO), Category.parse("info"));
            assertEquals(Optional.of(Category.CRITICAL), Category.parse("critical"));
        } finally {
            Locale.setDefault(saved);
        }
    }
}
