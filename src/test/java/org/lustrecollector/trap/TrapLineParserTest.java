package org.lustrecollector.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lustrecollector.api.Category;

class TrapLineParserTest {
    private final TrapLineParser parser = new TrapLineParser();

    private static String line(String id, String time, String category, String fs, String node, String message) {
        return String.join("\t", id, time, category, fs, node, message);
    }

    private Trap parsed(String text) {
        TrapLineParser.Outcome outcome = parser.parse(text);
        return assertInstanceOf(TrapLineParser.Parsed.class, outcome, () -> "outcome " + outcome).trap();
    }

    private String malformedReason(String text) {
        TrapLineParser.Outcome outcome = parser.parse(text);
        return assertInstanceOf(TrapLineParser.Malformed.class, outcome, () -> "outcome " + outcome).reason();
    }

    @Test
    void parsesAllSixFields() {
        Trap trap = parsed(line("ost2a-91827", "1795760000", "2", "lustre", "lustre-OST002a",
                "Connection to lustre-OST002a (at 10.0.3.17@o2ib) was lost"));
        assertEquals(new Trap("ost2a-91827", 1795760000L, Category.CRITICAL, "lustre", "lustre-OST002a",
                "Connection to lustre-OST002a (at 10.0.3.17@o2ib) was lost"), trap);
    }

    @Test
    void messageIsTheRestOfTheLineTabsIncluded() {
        Trap trap = parsed("id1\t5\tinfo\tfs\tnode\tpart one\tpart two\t\tpart four\t");
        assertEquals("part one\tpart two\t\tpart four\t", trap.message());
        assertEquals("node", trap.node());
    }

    @Test
    void messageMayBeEmptyOrUnicode() {
        assertEquals("", parsed(line("a", "1", "0", "fs", "n", "")).message());
        assertEquals("Grüße € 𝄞 日本", parsed(line("a", "1", "0", "fs", "n", "Grüße € 𝄞 日本")).message());
    }

    @ParameterizedTest
    @CsvSource({"0, INFO", "1, WARNING", "2, CRITICAL", "3, FATAL", "info, INFO", "Warning, WARNING",
            "CRITICAL, CRITICAL", "fAtAl, FATAL"})
    void categoryAsCodeOrNameInAnyCase(String text, Category expected) {
        assertEquals(expected, parsed(line("x", "1", text, "fs", "n", "m")).category());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#", "# a comment", "#id\t1\t0\tfs\tnode\tcommented-out trap", " ", "   ", "\t",
            " \t \t"})
    void emptyBlankAndCommentLinesAreIgnored(String text) {
        assertSame(TrapLineParser.Ignored.LINE, parser.parse(text));
    }

    @Test
    void hashNotAtTheStartIsNotAComment() {
        Trap trap = parsed(line("a#1", "1", "0", "fs", "n", "# not a comment"));
        assertEquals("a#1", trap.id());
        assertEquals("# not a comment", trap.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "just text|1",
            "a\tb|2",
            "a\t1\t0|3",
            "a\t1\t0\tfs|4",
            "a\t1\t0\tfs\tnode|5",
    })
    void tooFewFieldsSaysHowManyWereFound(String text, int found) {
        String unescaped = text.replace("\\t", "\t");
        String reason = malformedReason(unescaped);
        assertTrue(reason.contains("6 TAB-separated fields"), reason);
        assertTrue(reason.contains("found " + found), reason);
    }

    @Test
    void fieldsSeparatedBySpacesInsteadOfTabsAreMalformed() {
        String reason = malformedReason("id 1 0 fs node message");
        assertTrue(reason.contains("fields"), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", " lead", "trail ", "a\u000Bb", "a\u2003b"})
    void idMustBeNonEmptyWithoutWhiteSpace(String id) {
        String reason = malformedReason(line(id, "1", "0", "fs", "n", "m"));
        assertTrue(reason.startsWith("id "), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12a", "-5", "+5", "1.5", " 5", "5 ", "1e9", "0x10", "١٢٣", "99999999999999999999"})
    void timeMustBeDecimalDigits(String time) {
        String reason = malformedReason(line("a", time, "0", "fs", "n", "m"));
        assertTrue(reason.startsWith("time "), reason);
        assertTrue(reason.contains("'" + time + "'"), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1795760000", "000123", "999999999999999999"})
    void timeAcceptsDigitStrings(String time) {
        assertEquals(Long.parseLong(time), parsed(line("a", time, "0", "fs", "n", "m")).time());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4", "-1", "10", "01", "urgent", "INFOS", " 1", "info ", "warn"})
    void categoryMustBeACodeOrAName(String category) {
        String reason = malformedReason(line("a", "1", category, "fs", "n", "m"));
        assertTrue(reason.startsWith("category "), reason);
        assertTrue(reason.contains("'" + category + "'"), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ninechars", "a.b", "a b", "fsä", "a/b", "a:b"})
    void fsnameMustBeOneToEightSafeCharacters(String fs) {
        String reason = malformedReason(line("a", "1", "0", fs, "n", "m"));
        assertTrue(reason.startsWith("fsname "), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "lustre", "eightchr", "A-z_0-9", "_", "-"})
    void fsnameAcceptsValidNames(String fs) {
        assertEquals(fs, parsed(line("a", "1", "0", fs, "n", "m")).fsName());
        assertTrue(TrapLineParser.isValidFsName(fs));
    }

    @Test
    void isValidFsNameRejectsEmptyAndLongNames() {
        assertFalse(TrapLineParser.isValidFsName(""));
        assertFalse(TrapLineParser.isValidFsName("123456789"));
        assertFalse(TrapLineParser.isValidFsName("fs\t"));
    }

    @Test
    void nodeMustNotBeEmpty() {
        String reason = malformedReason(line("a", "1", "0", "fs", "", "m"));
        assertTrue(reason.startsWith("node "), reason);
    }

    @Test
    void firstBadFieldIsTheOneReported() {
        String reason = malformedReason(line("a", "x", "9", "", "", "m"));
        assertTrue(reason.startsWith("time "), reason);
    }

    @Test
    void longOffendingValuesAreAbbreviatedInTheReason() {
        String longCategory = "c".repeat(1000);
        String reason = malformedReason(line("a", "1", longCategory, "fs", "n", "m"));
        assertTrue(reason.startsWith("category "), reason);
        assertTrue(reason.contains("c".repeat(40) + "..."), reason);
        assertTrue(reason.length() < 200, reason);
    }
}
