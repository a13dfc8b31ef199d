package io.outpost.common.bundle.content;

/**
 * A contiguous range of IP addresses of one family, as a blocking condition names it: one address
 * ({@code 192.0.2.7}), a CIDR network ({@code 198.51.100.0/24}, {@code 2001:db8::/32}) or WSO2's
 * IP range ({@code 192.0.2.10-192.0.2.20}). Bounds are unsigned 128-bit numbers (an IPv4 address
 * in {@code low}, its {@code high} 0). Text is read as a literal only: a host name is refused,
 * never looked up, so reading a list costs no DNS query and cannot hang.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}) is the IPv4 address: a dual-stack
 * socket reports IPv4 clients that way, and a condition must match them whichever way they came.
 */
public record IpRange(boolean ipv6, long firstHigh, long firstLow, long lastHigh, long lastLow, String text) {
    private static final String FORMS = "an IP address (192.0.2.7, 2001:db8::7), a network (198.51.100.0/24, "
            + "2001:db8::/32) or a range (192.0.2.10-192.0.2.20)";

    /** One address; {@code high} is 0 for IPv4. */
    public record Address(boolean ipv6, long high, long low) {}

    /**
     * @throws IllegalArgumentException saying what is wrong and the forms accepted
     */
    public static IpRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        int dash = t.indexOf('-');
        if (slash >= 0) {
            return network(t, slash);
        }
        if (dash >= 0) {
            Address first = literal(t.substring(0, dash).strip(), t);
            Address last = literal(t.substring(dash + 1).strip(), t);
            if (first.ipv6() != last.ipv6()) {
                throw new IllegalArgumentException("'" + t + "' mixes IPv4 and IPv6; give each family its own range");
            }
            if (compare(first.high(), first.low(), last.high(), last.low()) > 0) {
                throw new IllegalArgumentException("'" + t + "' starts after it ends; write the lower address first");
            }
            return new IpRange(first.ipv6(), first.high(), first.low(), last.high(), last.low(), t);
        }
        Address a = literal(t, t);
        return new IpRange(a.ipv6(), a.high(), a.low(), a.high(), a.low(), t);
    }

    private static IpRange network(String t, int slash) {
        String host = t.substring(0, slash);
        Address raw = IpLiterals.parse(host, false);
        if (raw == null) {
            throw new IllegalArgumentException("'" + t + "' is not " + FORMS);
        }
        int prefix;
        try {
            prefix = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        int bits = raw.ipv6() ? 128 : 32;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + t + "': the prefix length must be 0-" + bits);
        }
        // ::ffff:a.b.c.d/n is the IPv4 network a.b.c.d/(n-96) when it lies inside the mapped block.
        if (raw.ipv6() && prefix >= 96 && IpLiterals.isMapped(raw.high(), raw.low())) {
            raw = new Address(false, 0, raw.low() & 0xffff_ffffL);
            prefix -= 96;
            bits = 32;
        }
        int hostBits = bits - prefix; // 0-128
        long maskHigh = hostBits >= 64 ? (hostBits == 128 ? -1L : (1L << (hostBits - 64)) - 1) : 0;
        long maskLow = hostBits >= 64 ? -1L : (hostBits == 0 ? 0 : (1L << hostBits) - 1);
        if ((raw.high() & maskHigh) != 0 || (raw.low() & maskLow) != 0) {
            throw new IllegalArgumentException("'" + t + "' has host bits set; the network is "
                    + IpLiterals.format(raw.ipv6(), raw.high() & ~maskHigh, raw.low() & ~maskLow) + "/" + prefix);
        }
        return new IpRange(raw.ipv6(), raw.high(), raw.low(), raw.high() | maskHigh, raw.low() | maskLow, t);
    }

    private static Address literal(String s, String whole) {
        Address a = address(s);
        if (a == null) {
            throw new IllegalArgumentException("'" + whole + "' is not " + FORMS);
        }
        return a;
    }

    /**
     * The address a literal names, IPv4-mapped IPv6 as IPv4; null when {@code text} is not an IPv4
     * or IPv6 literal (a host name, "unknown", garbage). Brackets and a zone ({@code %eth0}) are
     * allowed, as a socket's address text may carry them.
     */
    public static Address address(String text) {
        return text == null ? null : IpLiterals.parse(text, true);
    }

    public boolean contains(Address a) {
        return a.ipv6() == ipv6 && compare(firstHigh, firstLow, a.high(), a.low()) <= 0
                && compare(a.high(), a.low(), lastHigh, lastLow) <= 0;
    }

    /** Unsigned 128-bit comparison of (high, low) pairs. */
    public static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        return aHigh != bHigh ? Long.compareUnsigned(aHigh, bHigh) : Long.compareUnsigned(aLow, bLow);
    }

    @Override
    public String toString() {
        return text;
    }
}
