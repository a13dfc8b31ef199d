package io.outpost.common.bundle.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.bundle.content.IpRange.Address;
import org.junit.jupiter.api.Test;

/** Literals only (never DNS), every form a blocking condition takes, the edges of each family. */
class IpRangeTest {

    private static boolean in(String range, String address) {
        return IpRange.parse(range).contains(IpRange.address(address));
    }

    @Test
    void literalsOfBothFamiliesAndTheSpellingsASocketGives() {
        assertEquals(new Address(false, 0, 0xC000_0207L), IpRange.address("192.0.2.7"));
        assertEquals(new Address(true, 0x2001_0db8_0000_0000L, 7), IpRange.address("2001:db8::7"));
        assertEquals(IpRange.address("2001:db8::7"), IpRange.address("2001:0db8:0:0:0:0:0:0007"));
        assertEquals(IpRange.address("::1"), IpRange.address("0:0:0:0:0:0:0:1"));
        assertEquals(IpRange.address("fe80::1"), IpRange.address("fe80::1%eth0"), "a zone is the interface, not the address");
        assertEquals(IpRange.address("::1"), IpRange.address("[::1]"));
        assertEquals(new Address(true, 0, 0), IpRange.address("::"));
        assertEquals(new Address(true, -1L, -1L), IpRange.address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertEquals(IpRange.address("1::"), IpRange.address("1:0:0:0:0:0:0:0"));
        assertEquals(IpRange.address("64:ff9b::c000:207"), IpRange.address("64:ff9b::192.0.2.7"));
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Address() {
        assertEquals(IpRange.address("192.0.2.7"), IpRange.address("::ffff:192.0.2.7"));
        assertEquals(IpRange.address("192.0.2.7"), IpRange.address("0:0:0:0:0:ffff:c000:207"));
        assertTrue(in("192.0.2.0/24", "::ffff:192.0.2.99"));
        assertTrue(in("::ffff:192.0.2.0/120", "192.0.2.99"), "a mapped network is the IPv4 network");
        assertEquals("::ffff:192.0.2.0/120", IpRange.parse("::ffff:192.0.2.0/120").text(), "named as written");
        assertFalse(IpRange.parse("::ffff:192.0.2.0/120").ipv6());
        assertTrue(in("::ffff:192.0.2.7", "192.0.2.7"));
        assertFalse(in("::/0", "192.0.2.7"), "::/0 is every IPv6 client; 0.0.0.0/0 is every IPv4 one");
        assertFalse(in("0.0.0.0/0", "2001:db8::1"));
    }

    @Test
    void prefixEdges() {
        assertTrue(in("0.0.0.0/0", "0.0.0.0"));
        assertTrue(in("0.0.0.0/0", "255.255.255.255"));
        assertTrue(in("::/0", "::"));
        assertTrue(in("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(in("192.0.2.7/32", "192.0.2.7"));
        assertFalse(in("192.0.2.7/32", "192.0.2.6"));
        assertFalse(in("192.0.2.7/32", "192.0.2.8"));
        assertTrue(in("2001:db8::7/128", "2001:db8::7"));
        assertFalse(in("2001:db8::7/128", "2001:db8::8"));
        assertTrue(in("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff"));
        assertFalse(in("2001:db8::/64", "2001:db8:0:1::"));
        assertTrue(in("2001:db8::/63", "2001:db8:0:1:ffff::"), "a prefix across the middle of the 128 bits");
        assertTrue(in("8000::/1", "ffff::"));
        assertFalse(in("8000::/1", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), "bounds compare unsigned");
        assertTrue(in("128.0.0.0/1", "255.0.0.1"));
        assertFalse(in("128.0.0.0/1", "127.255.255.255"));
    }

    @Test
    void wso2RangesIncludeBothEnds() {
        assertTrue(in("192.0.2.10-192.0.2.20", "192.0.2.10"));
        assertTrue(in("192.0.2.10 - 192.0.2.20", "192.0.2.20"));
        assertFalse(in("192.0.2.10-192.0.2.20", "192.0.2.21"));
        assertTrue(in("2001:db8::1-2001:db8::ff", "2001:db8::80"));
    }

    @Test
    void anythingButALiteralIsRefusedWithTheFormsAccepted() {
        for (String bad : new String[] {"localhost", "example.com", "192.0.2", "192.0.2.256", "010.0.0.1", "1.2.3.4.5",
                "2001:db8:::1", "1::2::3", ":1", "1:", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "::ffff:1.2.3",
                "١٢٣.0.0.1", "ab::cg", ""}) {
            assertNull(IpRange.address(bad), bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpRange.parse(bad), bad);
            assertTrue(e.getMessage().contains("is not an IP address"), e.getMessage());
        }
        assertEquals("'10.0.0.0/33': the prefix length must be 0-32",
                assertThrows(IllegalArgumentException.class, () -> IpRange.parse("10.0.0.0/33")).getMessage());
        assertEquals("'::/129': the prefix length must be 0-128",
                assertThrows(IllegalArgumentException.class, () -> IpRange.parse("::/129")).getMessage());
        assertEquals("'192.0.2.7/24' has host bits set; the network is 192.0.2.0/24",
                assertThrows(IllegalArgumentException.class, () -> IpRange.parse("192.0.2.7/24")).getMessage());
        assertEquals("'2001:db8::1/32' has host bits set; the network is 2001:db8::/32",
                assertThrows(IllegalArgumentException.class, () -> IpRange.parse("2001:db8::1/32")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpRange.parse("192.0.2.20-192.0.2.10"))
                .getMessage().contains("starts after it ends"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpRange.parse("192.0.2.1-2001:db8::1"))
                .getMessage().contains("mixes IPv4 and IPv6"));
    }
}
