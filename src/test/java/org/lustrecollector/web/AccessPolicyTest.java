package org.lustrecollector.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lustrecollector.config.TestConfig;

class AccessPolicyTest {
    private final AccessPolicy policy = AccessPolicy.of(TestConfig.of("allow", "127.0.0.1/32, 10.1.0.0/16, fd00:1::/64",
            "maxbody", "4k"));

    private static Caller direct(String method, String address) {
        return new Caller(method, false, address, Optional.empty(), 100);
    }

    private static Caller ajp(String address, String user) {
        return new Caller("POST", true, address, Optional.ofNullable(user), 100);
    }

    private int status(Caller caller) {
        return policy.check(caller).map(AccessPolicy.Refusal::status).orElse(200);
    }

    @Test
    void directCallsAreCheckedByAddressAgainstIpv4AndIpv6Ranges() {
        assertEquals(200, status(direct("POST", "127.0.0.1")));
        assertEquals(200, status(direct("POST", "10.1.255.7")));
        assertEquals(200, status(direct("POST", "fd00:1::abcd")));
        assertEquals(200, status(direct("POST", "::ffff:10.1.2.3")));
        assertEquals(403, status(direct("POST", "127.0.0.2")));
        assertEquals(403, status(direct("POST", "10.2.0.1")));
        assertEquals(403, status(direct("POST", "fd00:2::1")));
        assertEquals(403, status(direct("POST", "::1")));
        assertEquals(403, status(direct("POST", "not-an-address")));
    }

    @Test
    void theDefaultAllowListIsLoopbackOnly() {
        AccessPolicy defaults = AccessPolicy.of(TestConfig.of());
        assertTrue(defaults.isAllowed("127.0.0.1"));
        assertTrue(defaults.isAllowed("::1"));
        assertTrue(defaults.isAllowed("0:0:0:0:0:0:0:1"));
        assertFalse(defaults.isAllowed("127.0.0.2"));
        assertFalse(defaults.isAllowed("192.168.1.1"));
    }

    @Test
    void overAjpTheAddressIsTheEndClientsAndTheUserDecides() {
        // 192.0.2.9 is outside the allow list, but it is the end client's address, not the peer's.
        assertEquals(200, status(ajp("192.0.2.9", "alice")));
        AccessPolicy.Refusal noUser = policy.check(ajp("192.0.2.9", null)).orElseThrow();
        assertEquals(403, noUser.status());
        assertTrue(noUser.reason().contains("without an authenticated user"), noUser.reason());
    }

    @Test
    void requireUserOffAcceptsAjpWithoutAUser() {
        AccessPolicy open = AccessPolicy.of(TestConfig.of("requireuser", "false"));
        assertTrue(open.check(ajp("192.0.2.9", null)).isEmpty());
    }

    @Test
    void onlyPostIsServed() {
        AccessPolicy.Refusal get = policy.check(direct("GET", "127.0.0.1")).orElseThrow();
        assertEquals(405, get.status());
        assertEquals("method GET (only POST is served)", get.reason());
        assertEquals(405, status(direct("PUT", "127.0.0.1")));
        assertEquals(405, status(new Caller("HEAD", true, "192.0.2.9", Optional.of("alice"), -1)));
    }

    @Test
    void theOriginIsCheckedBeforeTheMethodSoAStrangerLearnsNothingElse() {
        assertEquals(403, status(direct("GET", "192.0.2.9")));
    }

    @Test
    void aDeclaredBodyLargerThanMaxbodyIs413() {
        assertEquals(200, status(new Caller("POST", false, "127.0.0.1", Optional.empty(), 4096)));
        assertEquals(413, status(new Caller("POST", false, "127.0.0.1", Optional.empty(), 4097)));
        assertEquals(200, status(new Caller("POST", false, "127.0.0.1", Optional.empty(), -1)));
    }

    @Test
    void aRememberedDecisionIsTheSameAsAFreshOne() {
        for (int round = 0; round < 2; round++) {
            assertEquals(200, status(direct("POST", "10.1.255.7")), "round " + round);
            assertEquals(403, status(direct("POST", "10.2.0.1")), "round " + round);
            assertEquals(200, status(direct("POST", "::ffff:127.0.0.1")), "round " + round);
        }
        assertEquals(3, policy.rememberedAddresses());
    }

    @Test
    void aPeerCyclingThroughAddressesFillsTheMemoryOnlyUpToItsBound() {
        for (int i = 0; i < AccessPolicy.REMEMBERED_ADDRESSES + 100; i++) {
            assertEquals(403, status(direct("POST", "192.0." + (i / 250) + "." + (i % 250))));
        }
        assertEquals(AccessPolicy.REMEMBERED_ADDRESSES, policy.rememberedAddresses());
        // Decided without being remembered, and still right both ways.
        assertEquals(200, status(direct("POST", "10.1.0.9")));
        assertEquals(403, status(direct("POST", "192.0.99.1")));
        assertEquals(AccessPolicy.REMEMBERED_ADDRESSES, policy.rememberedAddresses());
    }
}
