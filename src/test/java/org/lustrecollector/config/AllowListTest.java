package org.lustrecollector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow list takes canonical addresses and CIDR ranges only, and names the entry it refuses. */
class AllowListTest {
    private static String refusal(String allow) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfig.of("allow", allow));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1/32", "::1/128", "10.0.0.0/8", "0.0.0.0/0", "::/0", "fe80::/10", "2001:db8::/32",
            "10.1.2.3", "2001:db8::1", "2001:db8:0:0:1::/80", "192.168.0.0/16, 2001:db8::/48"})
    void canonicalEntriesAreTaken(String allow) {
        assertEquals(List.of(allow.split(", ")), TestConfig.of("allow", allow).allow());
    }

    @Test
    void anEmptyEntryIsRefusedByItsPosition() {
        assertEquals("Bad configuration: allow=127.0.0.1/32,,::1/128 (from command line): allow entry 2 of 3 is empty; "
                + "expected addresses or CIDR ranges separated by commas", refusal("127.0.0.1/32,,::1/128"));
        assertEquals("Bad configuration: allow=127.0.0.1/32, (from command line): allow entry 2 of 2 is empty; "
                + "expected addresses or CIDR ranges separated by commas", refusal("127.0.0.1/32,"));
        assertEquals("Bad configuration: allow=, ::1/128 (from command line): allow entry 1 of 2 is empty; "
                + "expected addresses or CIDR ranges separated by commas", refusal(", ::1/128"));
    }

    @Test
    void anEmptyListIsRefused() {
        assertEquals("Bad configuration: allow= (from command line): expected a comma-separated list of IPv4/IPv6 "
                + "CIDR ranges such as 127.0.0.1/32, ::1/128", refusal(""));
    }

    @Test
    void hostBitsSetAreRefusedWithBothMeaningsSpelledOut() {
        assertEquals("Bad configuration: allow=127.0.0.1/8 (from command line): allow entry '127.0.0.1/8' has host "
                + "bits set: write 127.0.0.0/8 for the range, or 127.0.0.1/32 for the one address", refusal("127.0.0.1/8"));
        assertEquals("Bad configuration: allow=::1/128, 2001:db8::1/32 (from command line): allow entry '2001:db8::1/32' "
                + "has host bits set: write 2001:db8::/32 for the range, or 2001:db8::1/128 for the one address",
                refusal("::1/128, 2001:db8::1/32"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.1|is not written canonically: write 127.0.0.1",
            "127.000.0.1|is not written canonically: write 127.0.0.1",
            "0x7f.0.0.1|is not written canonically: write 127.0.0.1",
            "10.0.0.0/08|is not written canonically: write 10.0.0.0/8",
            "10.0.0.0/255.0.0.0|is not written canonically: write 10.0.0.0/8",
            "2001:DB8::/32|is not written canonically: write 2001:db8::/32",
            "2001:0db8::/32|is not written canonically: write 2001:db8::/32",
            "1:0:0:0:0:0:0:1|is not written canonically: write 1::1",
            "10.0.0.*|is a wildcard or range, not an address or CIDR range",
            "1.2.3.4-5|is a wildcard or range, not an address or CIDR range",
            "*|is not an IPv4 or IPv6 address or CIDR range",
            "not-a-cidr|is not an IPv4 or IPv6 address or CIDR range",
            "10.0.0.0/33|is not an IPv4 or IPv6 address or CIDR range",
            "fe80::1%eth0|has a zone; the allow list takes addresses without one",
            "::ffff:127.0.0.1|is an IPv4-mapped IPv6 address; IPv4 peers are checked as IPv4: write 127.0.0.1",
            "::ffff:7f00:0/104|is an IPv4-mapped IPv6 address; IPv4 peers are checked as IPv4: write 127.0.0.0/8",
    })
    void nonCanonicalEntriesAreRefusedByName(String entry, String why) {
        assertEquals("Bad configuration: allow=::1/128," + entry + " (from command line): allow entry '" + entry + "' " + why,
                refusal("::1/128," + entry));
    }
}
