package io.outpost.toolkit.project;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address and CIDR literals, checked without ever resolving a name: validation must give the
 * same answer offline, and a typo must not become a DNS query. IPv4 is parsed here (strict dotted
 * quad, no octal or short forms); IPv6 goes to {@link InetAddress} only when it is made of hex
 * digits, ':' and '.' and holds a ':', which the JDK parses as a literal and never looks up.
 */
final class IpLiterals {
    private IpLiterals() {}

    /** The address length in bits (32 or 128), or -1 if {@code text} is not an address literal. */
    static int bits(String text) {
        byte[] bytes = bytes(text);
        return bytes == null ? -1 : text.contains(":") ? 128 : 32;
    }

    private static byte[] bytes(String text) {
        if (text.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
            String[] octets = text.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (Integer.parseInt(octets[i]) > 255 || (octets[i].length() > 1 && octets[i].startsWith("0"))) {
                    return null;
                }
                out[i] = (byte) Integer.parseInt(octets[i]);
            }
            return out;
        }
        if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(text).getAddress();
            if (b.length == 4) { // the JDK gives ::ffff:a.b.c.d as IPv4: back to its 16 bytes
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** What is wrong with {@code cidr} as a network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or null if nothing. */
    static String cidrProblem(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return bits(cidr) < 0 ? "'" + cidr + "' is not a CIDR network" : "'" + cidr + "' has no prefix length";
        }
        byte[] address = bytes(cidr.substring(0, slash));
        if (address == null) {
            return "'" + cidr.substring(0, slash) + "' is not an IPv4 or IPv6 address (names are not resolved)";
        }
        int bits = bits(cidr.substring(0, slash));
        String prefixText = cidr.substring(slash + 1);
        if (!prefixText.matches("\\d{1,3}") || Integer.parseInt(prefixText) > bits) {
            return "the prefix length of '" + cidr + "' must be 0-" + bits;
        }
        int prefix = Integer.parseInt(prefixText);
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] >> (7 - bit % 8) & 1) != 0) {
                return "'" + cidr + "' has host bits set after its first " + prefix + " bits";
            }
        }
        return null;
    }
}
