package io.outpost.common.bundle.content;

import io.outpost.common.bundle.content.IpRange.Address;

/**
 * IPv4 and IPv6 literals to numbers and back, by hand: {@code InetAddress.getByName} would look a
 * name up in DNS, and the JDK has no literal-only parser before Java 22. Strict: an IPv4 part with a
 * leading zero ({@code 010}) is refused, since some readers take it as octal.
 */
final class IpLiterals {
    private IpLiterals() {}

    /** @param unmap give an IPv4-mapped IPv6 address as the IPv4 address */
    static Address parse(String text, boolean unmap) {
        String s = text;
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone > 0 && s.indexOf(':') >= 0) { // a link-local address's interface, not part of the address
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') < 0) {
            long v4 = ipv4(s, 0, s.length());
            return v4 < 0 ? null : new Address(false, 0, v4);
        }
        Address a = ipv6(s);
        if (a != null && unmap && isMapped(a.high(), a.low())) {
            return new Address(false, 0, a.low() & 0xffff_ffffL);
        }
        return a;
    }

    /** ::ffff:0:0/96 */
    static boolean isMapped(long high, long low) {
        return high == 0 && (low >>> 32) == 0xffffL;
    }

    /** Dotted quad in {@code s[from, to)}, or -1. */
    private static long ipv4(String s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int part = 0;
            while (i < to && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                part = part * 10 + (s.charAt(i++) - '0');
            }
            int digits = i - start;
            if (digits == 0 || part > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    private static Address ipv6(String s) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1; // where "::" stands, in groups
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < len) {
            int start = i;
            while (i < len && isHex(s.charAt(i))) {
                i++;
            }
            if (i < len && s.charAt(i) == '.') { // an IPv4 tail: the last 32 bits
                long v4 = n <= 6 ? ipv4(s, start, len) : -1;
                if (v4 < 0) {
                    return null;
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xffff);
                i = len;
                break;
            }
            if (i - start == 0 || i - start > 4 || n == 8) {
                return null;
            }
            groups[n++] = Integer.parseInt(s, start, i, 16);
            if (i == len) {
                break;
            }
            if (s.charAt(i++) != ':' || i == len) {
                return null; // a stray character, or a single trailing ':'
            }
            if (s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = n;
                i++;
            }
        }
        if (gap < 0 ? n != 8 : n == 8) { // "::" stands for at least one group
            return null;
        }
        int[] full = new int[8];
        int tail = gap < 0 ? 0 : n - gap;
        System.arraycopy(groups, 0, full, 0, n - tail);
        System.arraycopy(groups, n - tail, full, 8 - tail, tail);
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = (high << 16) | full[g];
            low = (low << 16) | full[g + 4];
        }
        return new Address(true, high, low);
    }

    /** ASCII only: Character.digit would take other scripts' digits too. */
    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The address as text: dotted quad, or eight hex groups with the longest run of zeros as "::". */
    static String format(boolean ipv6, long high, long low) {
        if (!ipv6) {
            return (low >>> 24 & 0xff) + "." + (low >>> 16 & 0xff) + "." + (low >>> 8 & 0xff) + "." + (low & 0xff);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) (high >>> (48 - 16 * k) & 0xffff);
            g[k + 4] = (int) (low >>> (48 - 16 * k) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            int run = 0;
            while (k + run < 8 && g[k + run] == 0) {
                run++;
            }
            if (run > bestLen) {
                bestStart = k;
                bestLen = run;
            }
            k += Math.max(run, 1);
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[k]));
        }
        return b.toString();
    }
}
