package io.outpost.gateway.endpoint;

import io.netty.buffer.ByteBuf;

/**
 * The head of a backend response read in place from the bytes it arrived in, for the common case
 * that can go to the client as bytes: HTTP/1.1, a final status, the whole head in one read, the
 * body framed by Content-Length (or none). Anything else — 1xx, chunked or close-delimited
 * bodies, a head split over reads or too large, an unusual Connection header, any byte a strict
 * parser would question — is not parsed here ({@link #parse} answers null) and goes through the
 * HTTP decoder instead, which has every rule for it.
 *
 * <p>Parsing records where the hop-by-hop lines are, so the head can be copied on without them,
 * and the backend's own correlation id line, which the gateway replaces.
 */
public final class RawResponseHead {
    private static final int MAX_DROPPED_LINES = 8;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] HTTP_1_1 = {'H', 'T', 'T', 'P', '/', '1', '.', '1', ' '};

    private final int status;
    private final long contentLength;
    private final boolean keepAlive;
    /** Bytes of the head from the buffer's reader index, the blank line included. */
    private final int length;
    /** Start and end offsets (from the reader index) of the lines not to pass on. */
    private final int[] dropped;
    private final int droppedCount;

    private RawResponseHead(int status, long contentLength, boolean keepAlive, int length, int[] dropped, int droppedCount) {
        this.status = status;
        this.contentLength = contentLength;
        this.keepAlive = keepAlive;
        this.length = length;
        this.dropped = dropped;
        this.droppedCount = droppedCount;
    }

    public int status() {
        return status;
    }

    /** Body bytes that follow the head: 0 for a response that has none (HEAD, 204, 304). */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the backend keeps the connection open after this response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    public int length() {
        return length;
    }

    /**
     * Copies the head from {@code source} (positioned at its first byte, not moved) into
     * {@code target} without the dropped lines and without the blank line that ends it, so the
     * caller can add fields before ending it.
     */
    public void copyFieldsTo(ByteBuf source, ByteBuf target) {
        int base = source.readerIndex();
        int from = 0;
        for (int i = 0; i < droppedCount; i++) {
            target.writeBytes(source, base + from, dropped[2 * i] - from);
            from = dropped[2 * i + 1];
        }
        target.writeBytes(source, base + from, length - 2 - from);
    }

    /**
     * @param buf          the bytes read from the backend, positioned at the start of a response
     * @param maxLength    the largest head accepted here; a larger one is left to the decoder
     * @param headRequest  whether the request was HEAD (its response never has a body)
     * @return the head, or null when this response must go through the HTTP decoder
     */
    public static RawResponseHead parse(ByteBuf buf, int maxLength, boolean headRequest) {
        int start = buf.readerIndex();
        int end = start + Math.min(buf.readableBytes(), maxLength);
        if (end - start < HTTP_1_1.length + 6) {
            return null;
        }
        for (int i = 0; i < HTTP_1_1.length; i++) {
            if (buf.getByte(start + i) != HTTP_1_1[i]) {
                return null;
            }
        }
        int p = start + HTTP_1_1.length;
        int status = digit(buf.getByte(p)) * 100 + digit(buf.getByte(p + 1)) * 10 + digit(buf.getByte(p + 2));
        if (status < 200 || status > 599) {
            return null; // 1xx (and nonsense) go to the decoder
        }
        p += 3;
        if (buf.getByte(p) != ' ' && buf.getByte(p) != CR) {
            return null;
        }
        p = lineEnd(buf, p, end);
        if (p < 0) {
            return null;
        }
        long contentLength = -1;
        boolean close = false;
        int[] dropped = null;
        int droppedCount = 0;
        while (true) {
            if (p + 1 >= end) {
                return null; // not all here (or too large): the decoder accumulates and limits it
            }
            if (buf.getByte(p) == CR) {
                if (buf.getByte(p + 1) != LF) {
                    return null;
                }
                p += 2;
                break;
            }
            int lineStart = p;
            int nameEnd = p;
            while (nameEnd < end && isTokenChar(buf.getByte(nameEnd))) {
                nameEnd++;
            }
            if (nameEnd == p || nameEnd >= end || buf.getByte(nameEnd) != ':') {
                return null;
            }
            int valueStart = nameEnd + 1;
            int next = lineEnd(buf, valueStart, end);
            if (next < 0) {
                return null;
            }
            Field field = Field.of(buf, lineStart, nameEnd - lineStart);
            if (field == Field.TRANSFER_ENCODING) {
                return null;
            }
            if (field == Field.CONTENT_LENGTH) {
                if (contentLength >= 0) {
                    return null; // a repeated Content-Length is the decoder's to judge
                }
                contentLength = digits(buf, valueStart, next - 2);
                if (contentLength < 0) {
                    return null;
                }
            } else if (field == Field.CONNECTION) {
                int token = tokenOf(buf, valueStart, next - 2);
                if (token < 0) {
                    return null; // names other fields, or several tokens: the decoder's path removes them
                }
                close = token == 1;
            }
            if (field != null && field.dropped) {
                if (dropped == null) {
                    dropped = new int[2 * MAX_DROPPED_LINES];
                } else if (droppedCount == MAX_DROPPED_LINES) {
                    return null;
                }
                dropped[2 * droppedCount] = lineStart - start;
                dropped[2 * droppedCount + 1] = next - start;
                droppedCount++;
            }
            p = next;
        }
        boolean bodyless = headRequest || status == 204 || status == 304;
        if (bodyless) {
            contentLength = 0;
        } else if (contentLength < 0) {
            return null; // a body read until the connection closes
        }
        return new RawResponseHead(status, contentLength, !close, p - start, dropped, droppedCount);
    }

    /** The index after the CRLF that ends the line from {@code p}, or -1 if a byte is not allowed in a field. */
    private static int lineEnd(ByteBuf buf, int p, int end) {
        for (int i = p; i + 1 < end; i++) {
            byte b = buf.getByte(i);
            if (b == CR) {
                return buf.getByte(i + 1) == LF ? i + 2 : -1;
            }
            // Field content: visible ASCII, space, tab and obs-text; no other control byte.
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    private static int digit(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : -1000;
    }

    /** A Content-Length value (optional spaces around it), or -1. */
    private static long digits(ByteBuf buf, int from, int to) {
        int a = skipSpace(buf, from, to);
        int b = trimSpace(buf, a, to);
        if (a == b || b - a > 18) {
            return -1;
        }
        long value = 0;
        for (int i = a; i < b; i++) {
            int d = digit(buf.getByte(i));
            if (d < 0) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** 0 for "keep-alive", 1 for "close" (any case, optional spaces around it), else -1. */
    private static int tokenOf(ByteBuf buf, int from, int to) {
        int a = skipSpace(buf, from, to);
        int b = trimSpace(buf, a, to);
        if (equalsIgnoreCase(buf, a, b, "keep-alive")) {
            return 0;
        }
        return equalsIgnoreCase(buf, a, b, "close") ? 1 : -1;
    }

    private static int skipSpace(ByteBuf buf, int from, int to) {
        while (from < to && (buf.getByte(from) == ' ' || buf.getByte(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimSpace(ByteBuf buf, int from, int to) {
        while (to > from && (buf.getByte(to - 1) == ' ' || buf.getByte(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    static boolean equalsIgnoreCase(ByteBuf buf, int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            int b = buf.getByte(from + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 token characters. */
    private static boolean isTokenChar(byte b) {
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
            return true;
        }
        return switch (b) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    /** The fields this parser acts on. */
    private enum Field {
        CONTENT_LENGTH("content-length", false),
        TRANSFER_ENCODING("transfer-encoding", true),
        CONNECTION("connection", true),
        KEEP_ALIVE("keep-alive", true),
        PROXY_CONNECTION("proxy-connection", true),
        TE("te", true),
        TRAILER("trailer", true),
        UPGRADE("upgrade", true),
        PROXY_AUTHENTICATE("proxy-authenticate", true),
        PROXY_AUTHORIZATION("proxy-authorization", true),
        // The gateway sets its own; the backend's is not passed on (as on the decoder's path).
        CORRELATION_ID("x-correlation-id", true);

        private static final Field[] ALL = values();
        final String name;
        final boolean dropped;

        Field(String name, boolean dropped) {
            this.name = name;
            this.dropped = dropped;
        }

        static Field of(ByteBuf buf, int from, int length) {
            for (Field f : ALL) {
                if (f.name.length() == length && equalsIgnoreCase(buf, from, from + length, f.name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
