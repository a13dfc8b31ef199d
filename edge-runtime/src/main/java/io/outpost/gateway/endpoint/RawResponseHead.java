package io.outpost.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import static io.outpost.gateway.endpoint.HeadBytes.RAN_OUT;
import static io.outpost.gateway.endpoint.HeadBytes.digit;
import static io.outpost.gateway.endpoint.HeadBytes.digits;
import static io.outpost.gateway.endpoint.HeadBytes.equalsIgnoreCase;
import static io.outpost.gateway.endpoint.HeadBytes.isTokenChar;
import static io.outpost.gateway.endpoint.HeadBytes.lineEnd;
import static io.outpost.gateway.endpoint.HeadBytes.skipSpace;
import static io.outpost.gateway.endpoint.HeadBytes.tokenOf;
import static io.outpost.gateway.endpoint.HeadBytes.trimSpace;

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
    /**
     * The head is copied into a per-thread array and parsed there: one bulk copy, then plain array
     * reads, instead of a bounds-checked buffer read per byte.
     */
    private static final int FIRST_LOOK = 1024;
    /** What the array parser answers when the head goes on past the bytes it was given. */
    private static final RawResponseHead INCOMPLETE = new RawResponseHead(0, 0, false, 0, null, 0);
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[FIRST_LOOK];
        }
    };

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
     * Rewrites the head where it lies in {@code buf} (positioned at its first byte): the dropped
     * lines and the blank line that ends the head are taken out, and {@code room} bytes are opened
     * between the kept fields and the body, which moves to follow them. The writer index is left at
     * the start of that room; the caller writes exactly {@code room} bytes there (its fields and the
     * blank line) and then sets the writer index to the returned end of the body.
     *
     * <p>This spares the copy of the whole response into a new buffer when the read buffer has
     * the space; the moves are within the head, and of the body part of this one read.
     *
     * @return the writer index after the body once the room is filled, or -1 (nothing changed) when
     *         {@code buf} lacks the space or cannot be moved within by address
     */
    public int openRoom(ByteBuf buf, int room) {
        int start = buf.readerIndex();
        int bodyStart = start + length;
        int body = buf.writerIndex() - bodyStart;
        int roomStart = start + keptLength();
        int movedBodyStart = roomStart + room;
        int end = movedBodyStart + body;
        // Moves within one buffer rely on an overlap-safe copy, which a buffer with a memory address gets.
        if (end > buf.capacity() || !buf.hasMemoryAddress() || buf.refCnt() != 1) {
            return -1;
        }
        if (movedBodyStart > bodyStart) {
            buf.setBytes(movedBodyStart, buf, bodyStart, body); // out of the way of the room first
        }
        int to = start;
        int from = 0;
        for (int i = 0; i <= droppedCount; i++) {
            int pieceEnd = i < droppedCount ? dropped[2 * i] : length - 2;
            int piece = pieceEnd - from;
            if (to != start + from && piece > 0) {
                buf.setBytes(to, buf, start + from, piece);
            }
            to += piece;
            if (i < droppedCount) {
                from = dropped[2 * i + 1];
            }
        }
        if (movedBodyStart < bodyStart) {
            buf.setBytes(movedBodyStart, buf, bodyStart, body);
        }
        buf.writerIndex(roomStart);
        return end;
    }

    /** Bytes of the head without the dropped lines and without the blank line. */
    int keptLength() {
        int kept = length - 2;
        for (int i = 0; i < droppedCount; i++) {
            kept -= dropped[2 * i + 1] - dropped[2 * i];
        }
        return kept;
    }

    /**
     * @param buf          the bytes read from the backend, positioned at the start of a response (not moved)
     * @param maxLength    the largest head accepted here; a larger one is left to the decoder
     * @param headRequest  whether the request was HEAD (its response never has a body)
     * @return the head, or null when this response must go through the HTTP decoder
     */
    public static RawResponseHead parse(ByteBuf buf, int maxLength, boolean headRequest) {
        int n = Math.min(buf.readableBytes(), maxLength);
        if (n < HTTP_1_1.length + 6) {
            return null;
        }
        // Most heads are a few hundred bytes: look at the start first, at up to the limit only when
        // the head goes on past it.
        RawResponseHead head = parseCopy(buf, Math.min(n, FIRST_LOOK), headRequest);
        if (head == INCOMPLETE && n > FIRST_LOOK) {
            head = parseCopy(buf, n, headRequest);
        }
        return head == INCOMPLETE ? null : head;
    }

    private static RawResponseHead parseCopy(ByteBuf buf, int n, boolean headRequest) {
        byte[] b = SCRATCH.get();
        if (b.length < n) {
            b = new byte[n];
            SCRATCH.set(b);
        }
        buf.getBytes(buf.readerIndex(), b, 0, n);
        return parse(b, n, headRequest);
    }

    private static RawResponseHead parse(byte[] b, int end, boolean headRequest) {
        for (int i = 0; i < HTTP_1_1.length; i++) {
            if (b[i] != HTTP_1_1[i]) {
                return null;
            }
        }
        int p = HTTP_1_1.length;
        int status = digit(b[p]) * 100 + digit(b[p + 1]) * 10 + digit(b[p + 2]);
        if (status < 200 || status > 599) {
            return null; // 1xx (and nonsense) go to the decoder
        }
        p += 3;
        if (b[p] != ' ' && b[p] != CR) {
            return null;
        }
        p = lineEnd(b, p, end);
        if (p < 0) {
            return p == RAN_OUT ? INCOMPLETE : null;
        }
        long contentLength = -1;
        boolean close = false;
        int[] dropped = null;
        int droppedCount = 0;
        while (true) {
            if (p + 1 >= end) {
                return INCOMPLETE; // not all here (or too large): the decoder accumulates and limits it
            }
            if (b[p] == CR) {
                if (b[p + 1] != LF) {
                    return null;
                }
                p += 2;
                break;
            }
            int lineStart = p;
            int nameEnd = p;
            while (nameEnd < end && isTokenChar(b[nameEnd])) {
                nameEnd++;
            }
            if (nameEnd >= end) {
                return INCOMPLETE;
            }
            if (nameEnd == p || b[nameEnd] != ':') {
                return null;
            }
            int valueStart = nameEnd + 1;
            int next = lineEnd(b, valueStart, end);
            if (next < 0) {
                return next == RAN_OUT ? INCOMPLETE : null;
            }
            Field field = Field.of(b, lineStart, nameEnd - lineStart);
            if (field == Field.TRANSFER_ENCODING) {
                return null;
            }
            if (field == Field.CONTENT_LENGTH) {
                if (contentLength >= 0) {
                    return null; // a repeated Content-Length is the decoder's to judge
                }
                contentLength = digits(b, valueStart, next - 2);
                if (contentLength < 0) {
                    return null;
                }
            } else if (field == Field.CONNECTION) {
                int token = tokenOf(b, valueStart, next - 2);
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
                dropped[2 * droppedCount] = lineStart;
                dropped[2 * droppedCount + 1] = next;
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
        return new RawResponseHead(status, contentLength, !close, p, dropped, droppedCount);
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

        static Field of(byte[] b, int from, int length) {
            for (Field f : ALL) {
                if (f.name.length() == length && equalsIgnoreCase(b, from, from + length, f.name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
