package org.lustrecollector.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecimalDigitsTest {

    @Test
    void readsTheDigitsOfTheRangeOnly() {
        assertEquals(1_700_000_000L, DecimalDigits.parse("id\t1700000000\tINFO", 3, 13));
        assertEquals(0, DecimalDigits.parse("0", 0, 1));
        assertEquals(999_999_999_999_999_999L, DecimalDigits.parse("999999999999999999", 0, 18));
    }

    @Test
    void anythingButOneTo18AsciiDigitsIsMinusOne() {
        assertEquals(-1, DecimalDigits.parse("123", 1, 1));
        assertEquals(-1, DecimalDigits.parse("1234567890123456789", 0, 19));
        assertEquals(-1, DecimalDigits.parse("12a4", 0, 4));
        assertEquals(-1, DecimalDigits.parse("-1", 0, 2));
        assertEquals(-1, DecimalDigits.parse(" 1", 0, 2));
        assertEquals(-1, DecimalDigits.parse("\u0661\u0662", 0, 2)); // Arabic-Indic digits are not ASCII digits
    }
}
