package org.lustrecollector.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextLimitsTest {
    @Test
    void shortTextIsKeptAsItIs() {
        String text = "lustre-OST0001";
        assertSame(text, TextLimits.abbreviate(text, 14));
        assertNull(TextLimits.abbreviate(null, 3));
    }

    @Test
    void longTextIsCutAndMarked() {
        String megabyte = "x".repeat(1 << 20);
        String cut = TextLimits.abbreviate(megabyte, TextLimits.QUOTED_CHARS);
        assertEquals("x".repeat(TextLimits.QUOTED_CHARS) + TextLimits.ELLIPSIS, cut);
        assertEquals("abc...", TextLimits.abbreviate("abcdef", 3));
        assertEquals("...", TextLimits.abbreviate("abcdef", 0));
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        assertEquals("a...", TextLimits.abbreviate("a\uD83D\uDE80b", 2));
        assertEquals("a\uD83D\uDE80...", TextLimits.abbreviate("a\uD83D\uDE80b", 3));
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TextLimits.abbreviate("a", -1));
    }
}
