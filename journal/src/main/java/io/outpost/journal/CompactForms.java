package io.outpost.journal;

/**
 * Shorter encodings for values that dominate a record's size: a canonical UUID in 16 bytes
 * instead of 36, an IPv4 literal in 4 instead of up to 15. Used only when decoding gives back the
 * exact same string, so the compaction is invisible.
 */
final class CompactForms {
    private CompactForms() {}

    /** Writes key + 16 bytes if {@code s} is a lower-case canonical UUID; false otherwise. */
    static boolean writeUuid(ByteSink out, int key, String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        long msb = 0;
        long lsb = 0;
        int nibbles = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
                continue;
            }
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) {
                return false;
            }
            if (nibbles < 16) {
                msb = msb << 4 | v;
            } else {
                lsb = lsb << 4 | v;
            }
            nibbles++;
        }
        out.writeVarint(key);
        out.writeLongBigEndian(msb);
        out.writeLongBigEndian(lsb);
        return true;
    }

    /** Writes key + 4 bytes if {@code s} is a dotted quad without leading zeros; false otherwise. */
    static boolean writeIpv4(ByteSink out, int key, String s) {
        if (s == null || s.length() < 7 || s.length() > 15) {
            return false;
        }
        int[] octets = new int[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return false;
                }
                octets[part++] = value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return false; // "01" would come back as "1"
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        if (part != 4) {
            return false;
        }
        out.writeVarint(key);
        for (int o : octets) {
            out.writeByte(o);
        }
        return true;
    }
}
