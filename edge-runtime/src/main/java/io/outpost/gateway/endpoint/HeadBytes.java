package io.outpost.gateway.endpoint;

/**
 * Byte-level reading of a response head for {@link RawResponseHead}: line ends, field content and
 * token characters by table, Content-Length digits and the Connection tokens it acts on.
 */
final class HeadBytes {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** What {@link #lineEnd} answers when the line goes on past the bytes given. */
    static final int RAN_OUT = -2;
    private static final boolean[] TOKEN = tokenTable();
    private static final boolean[] FIELD_CONTENT = fieldContentTable();

    private HeadBytes() {}

    /**
     * The index after the CRLF that ends the line from {@code p}; -1 if a byte is not allowed in a
     * field, {@link #RAN_OUT} if the line goes on past {@code end}.
     */
    static int lineEnd(byte[] b, int p, int end) {
        int i = p;
        while (i < end && FIELD_CONTENT[b[i] & 0xff]) {
            i++;
        }
        if (i >= end || (i + 1 == end && b[i] == CR)) {
            return RAN_OUT;
        }
        return b[i] == CR && b[i + 1] == LF ? i + 2 : -1;
    }

    static int digit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : -1000;
    }

    /** A Content-Length value (optional spaces around it), or -1. */
    static long digits(byte[] b, int from, int to) {
        int first = skipSpace(b, from, to);
        int last = trimSpace(b, first, to);
        if (first == last || last - first > 18) {
            return -1;
        }
        long value = 0;
        for (int i = first; i < last; i++) {
            int d = digit(b[i]);
            if (d < 0) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** 0 for "keep-alive", 1 for "close" (any case, optional spaces around it), else -1. */
    static int tokenOf(byte[] b, int from, int to) {
        int first = skipSpace(b, from, to);
        int last = trimSpace(b, first, to);
        if (equalsIgnoreCase(b, first, last, "keep-alive")) {
            return 0;
        }
        return equalsIgnoreCase(b, first, last, "close") ? 1 : -1;
    }

    static int skipSpace(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    static int trimSpace(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    static boolean equalsIgnoreCase(byte[] b, int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 token characters. */
    static boolean isTokenChar(byte b) {
        return b >= 0 && TOKEN[b];
    }

    /** Field content: visible ASCII, space, tab and obs-text; no other control byte (CR ends the line). */
    private static boolean[] fieldContentTable() {
        boolean[] t = new boolean[256];
        for (int c = 0; c < 256; c++) {
            t[c] = c == '\t' || (c >= 0x20 && c != 0x7f);
        }
        return t;
    }

    private static boolean[] tokenTable() {
        boolean[] t = new boolean[128];
        for (int c = 'a'; c <= 'z'; c++) {
            t[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            t[c] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            t[c] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            t[c] = true;
        }
        return t;
    }
}
