package io.outpost.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static HttpHeaders xff(String... lines) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String line : lines) {
            h.add("X-Forwarded-For", line);
        }
        return h;
    }

    @Test
    void withNoTrustedProxyTheForwardedForFieldIsNeverBelieved() {
        assertEquals("10.1.1.1", TrustedProxies.NONE.clientAddress("10.1.1.1", xff("203.0.113.7")));
    }

    @Test
    void aTrustedPeersForwardedForGivesTheRightmostUntrustedAddress() {
        TrustedProxies trusted = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.7"));
        assertEquals("203.0.113.7", trusted.clientAddress("10.1.1.1", xff("198.51.100.1, 203.0.113.7")),
                "what the client wrote itself (198.51.100.1) is not believed");
        assertEquals("203.0.113.7", trusted.clientAddress("10.1.1.1", xff("203.0.113.7, 192.0.2.7", "10.9.9.9")),
                "trusted hops are skipped across field lines");
        assertEquals("10.2.2.2", trusted.clientAddress("10.1.1.1", xff("10.2.2.2")), "all trusted: the leftmost");
        assertEquals("10.1.1.1", trusted.clientAddress("10.1.1.1", xff()), "no field: the peer");
        assertEquals("10.3.3.3", trusted.clientAddress("10.1.1.1", xff("junk, 10.3.3.3")),
                "garbage stops the walk at the nearest real hop");
        assertEquals("172.16.0.1", trusted.clientAddress("172.16.0.1", xff("203.0.113.7")), "an untrusted peer is the client");
    }

    @Test
    void ipv6NetworksAndPrefixes() {
        TrustedProxies trusted = TrustedProxies.of(List.of("fd00::/8", "10.0.0.0/31"));
        assertEquals("2001:db8::1", trusted.clientAddress("fd12::1", xff("2001:db8::1")));
        assertEquals("203.0.113.9", trusted.clientAddress("10.0.0.1", xff("203.0.113.9")));
        assertEquals("10.0.0.2", trusted.clientAddress("10.0.0.2", xff("203.0.113.9")), "outside the /31");
    }

    @Test
    void entriesThatAreNoAddressOrNetworkAreRefusedWithTheFix() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")))
                .getMessage().contains("0-32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("gateway.local")))
                .getMessage().contains("e.g. 10.0.0.0/8"));
    }
}
