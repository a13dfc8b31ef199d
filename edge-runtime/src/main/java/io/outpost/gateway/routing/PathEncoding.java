package io.outpost.gateway.routing;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment: RFC 3986 pchar kept as is, everything else escaped. */
final class PathEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathEncoding() {}

    /** Characters a path segment may carry unescaped. ';' is excluded: matrix parameters are refused. */
    static boolean isPlainSegmentChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }

    static void appendEncodedSegment(StringBuilder sb, String segment) {
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && isPlainSegmentChar(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
