package org.lustrecollector.config;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;

/**
 * One entry of the allow list: an address or a CIDR range, written only in its canonical form (IPv4 as
 * four decimal numbers, IPv6 as RFC 5952 writes it, a prefix length in decimal, no host bits set). Other
 * spellings the address parser would take ({@code 127.1}, {@code 0x7f.0.0.1}, {@code 10.0.0.*},
 * {@code 10.0.0.0/255.0.0.0}) are refused, so that the list reads the same to the administrator, to the
 * collector's access check and to Tomcat's RemoteCIDRValve; where one exists, the refusal names the
 * canonical form to write instead.
 */
final class CanonicalCidr {
    private CanonicalCidr() {
    }

    /** @return {@code entry}, which is canonical; else throws {@link ConfigOption.BadValue} naming it */
    static String check(String entry) {
        IPAddressString parsed = new IPAddressString(entry);
        IPAddress address = parsed.getAddress();
        if (address == null) {
            throw refuse(entry, "is not an IPv4 or IPv6 address or CIDR range");
        }
        if (address.isMultiple() && !address.isSinglePrefixBlock()) {
            throw refuse(entry, "is a wildcard or range, not an address or CIDR range");
        }
        if (address.isIPv6() && ((IPv6Address) address).hasZone()) {
            throw refuse(entry, "has a zone; the allow list takes addresses without one");
        }
        if (address.isIPv6() && ((IPv6Address) address).isIPv4Mapped()) {
            IPAddress v4 = ((IPv6Address) address).getEmbeddedIPv4Address().getLower().withoutPrefixLength();
            Integer prefix = address.getNetworkPrefixLength();
            String suggestion = prefix == null ? v4.toCanonicalString()
                    : prefix >= 96 ? v4.toCanonicalString() + "/" + (prefix - 96) : null;
            throw refuse(entry, "is an IPv4-mapped IPv6 address; IPv4 peers are checked as IPv4"
                    + (suggestion == null ? "" : ": write " + suggestion));
        }
        if (address.isPrefixed() && !address.isPrefixBlock()) {
            IPAddress host = address.withoutPrefixLength();
            throw refuse(entry, "has host bits set: write " + address.toPrefixBlock().toCanonicalString()
                    + " for the range, or " + host.toCanonicalString() + "/" + host.getBitCount()
                    + " for the one address");
        }
        String canonical = address.toCanonicalString();
        if (!canonical.equals(entry)) {
            throw refuse(entry, "is not written canonically: write " + canonical);
        }
        return entry;
    }

    private static ConfigOption.BadValue refuse(String entry, String why) {
        return new ConfigOption.BadValue("allow entry '" + entry + "' " + why);
    }
}
