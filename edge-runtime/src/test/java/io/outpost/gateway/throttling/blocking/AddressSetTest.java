package io.outpost.gateway.throttling.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.bundle.content.IpRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Merged, sorted ranges per family answer exactly as a scan of the ranges as given would. */
class AddressSetTest {

    private static AddressSet set(String... ranges) {
        return AddressSet.of(java.util.Arrays.stream(ranges).map(IpRange::parse).toList());
    }

    @Test
    void overlappingAndAdjacentRangesMergeAndEdgesHold() {
        AddressSet s = set("10.0.0.0/24", "10.0.1.0/24", "10.0.0.128/25", "10.0.3.0-10.0.3.9", "192.0.2.7",
                "2001:db8::/64", "2001:db8:0:1::/64", "::ffff:198.51.100.0/120");
        assertEquals(5, s.ranges(), "10.0.0.0/23, 10.0.3.0-9, 192.0.2.7, 198.51.100.0/24, 2001:db8::/63");
        assertTrue(s.contains("10.0.0.0"));
        assertTrue(s.contains("10.0.1.255"));
        assertFalse(s.contains("10.0.2.0"));
        assertTrue(s.contains("10.0.3.9"));
        assertFalse(s.contains("10.0.3.10"));
        assertFalse(s.contains("9.255.255.255"));
        assertTrue(s.contains("192.0.2.7"));
        assertTrue(s.contains("::ffff:192.0.2.7"), "a mapped client is the IPv4 client");
        assertTrue(s.contains("198.51.100.1"), "a mapped network is the IPv4 network");
        assertTrue(s.contains("2001:db8:0:1:ffff:ffff:ffff:ffff"));
        assertFalse(s.contains("2001:db8:0:2::"));
        assertFalse(s.contains("unknown"));
        assertFalse(s.contains("gateway.example.com"), "never a lookup");
    }

    @Test
    void wholeFamiliesAndTheTopOfTheAddressSpace() {
        AddressSet all4 = set("0.0.0.0/0");
        assertTrue(all4.contains("0.0.0.0") && all4.contains("255.255.255.255") && all4.contains("::ffff:1.2.3.4"));
        assertFalse(all4.contains("::1"));
        AddressSet all6 = set("::/0", "ffff::/16");
        assertEquals(1, all6.ranges());
        assertTrue(all6.contains("::") && all6.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(all6.contains("127.0.0.1"));
        AddressSet top = set("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "ffff:ffff:ffff:ffff::/64", "0:0:0:1::-0:0:0:1::5");
        assertTrue(top.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"));
        assertTrue(top.contains("0:0:0:1::3"));
        assertFalse(top.contains("0:0:0:0:ffff:ffff:ffff:ffff"));
        AddressSet carry = set("::ffff:ffff:ffff:ffff/128", "0:0:0:1::/128");
        assertEquals(1, carry.ranges(), "adjacent across the carry from the low to the high 64 bits");
        assertTrue(AddressSet.EMPTY.isEmpty());
        assertFalse(AddressSet.EMPTY.contains("10.0.0.1"));
    }

    @Test
    void agreesWithALinearScanOnRandomRangesAndAddresses() {
        Random random = new Random(13);
        List<IpRange> ranges = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int prefix = 8 + random.nextInt(25);
            long network = (random.nextLong() & 0xffff_ffffL) & ~((1L << (32 - prefix)) - 1) & 0xffff_ffffL;
            ranges.add(IpRange.parse(dotted(network) + "/" + prefix));
        }
        AddressSet set = AddressSet.of(ranges);
        for (int i = 0; i < 20_000; i++) {
            IpRange.Address a = IpRange.address(dotted(random.nextLong() & 0xffff_ffffL));
            boolean scanned = ranges.stream().anyMatch(r -> r.contains(a));
            assertEquals(scanned, set.contains(a), a.toString());
        }
    }

    private static String dotted(long v) {
        return (v >>> 24 & 0xff) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }
}
