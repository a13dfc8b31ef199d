package io.outpost.gateway.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawResponseHeadTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static RawResponseHead parse(String s) {
        return RawResponseHead.parse(bytes(s), 8192, false);
    }

    @Test
    void simpleResponseIsReadInPlaceAndHopByHopLinesAreLeftOut() {
        String head = "HTTP/1.1 200 OK\r\nServer: nginx\r\nConnection: keep-alive\r\nContent-Type: text/plain\r\n"
                + "Keep-Alive: timeout=5\r\nX-Correlation-ID: theirs\r\nProxy-Connection: x\r\nTE: trailers\r\n"
                + "Trailer: X\r\nUpgrade: h2c\r\nContent-Length: 6\r\n\r\n";
        ByteBuf buf = bytes(head + "hello\n");
        RawResponseHead parsed = RawResponseHead.parse(buf, 8192, false);
        assertNotNull(parsed);
        assertEquals(200, parsed.status());
        assertEquals(6, parsed.contentLength());
        assertTrue(parsed.keepAlive());
        assertEquals(head.length(), parsed.length());
        ByteBuf out = Unpooled.buffer();
        parsed.copyFieldsTo(buf, out);
        assertEquals("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n",
                out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0, buf.readerIndex(), "parsing does not consume");
    }

    /** Rewrites the head in place as the exchange does: open the room, fill it, end after the body. */
    private static String rewriteInPlace(ByteBuf buf, String fields) {
        RawResponseHead parsed = RawResponseHead.parse(buf, 8192, false);
        assertNotNull(parsed);
        int end = parsed.openRoom(buf, fields.length());
        assertTrue(end >= 0, "room in the buffer");
        buf.writeCharSequence(fields, StandardCharsets.ISO_8859_1);
        buf.writerIndex(end);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static ByteBuf directWithRoom(String s, int capacity) {
        ByteBuf buf = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(capacity);
        buf.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        return buf;
    }

    @Test
    void headIsRewrittenInPlaceWhenTheBodyMovesRight() {
        String body = "0123456789".repeat(30);
        ByteBuf buf = directWithRoom("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 300\r\nX-A: 1\r\n\r\n" + body, 1024);
        try {
            String fields = "X-Correlation-ID: 123e4567-e89b-42d3-a456-426614174000\r\nConnection: keep-alive\r\n\r\n";
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 300\r\nX-A: 1\r\n" + fields + body, rewriteInPlace(buf, fields));
        } finally {
            buf.release();
        }
    }

    @Test
    void headIsRewrittenInPlaceWhenTheBodyMovesLeft() {
        String dropped = "Keep-Alive: timeout=5, max=1000\r\nX-Correlation-ID: theirs-theirs-theirs-theirs-theirs\r\n"
                + "Proxy-Connection: keep-alive\r\n";
        String body = "abcdefghij".repeat(7);
        ByteBuf buf = directWithRoom("HTTP/1.1 201 Created\r\n" + dropped + "Content-Length: 70\r\nTE: x\r\nX-B: 2\r\n\r\n" + body, 512);
        try {
            String fields = "X-Correlation-ID: ours\r\n\r\n";
            assertEquals("HTTP/1.1 201 Created\r\nContent-Length: 70\r\nX-B: 2\r\n" + fields + body, rewriteInPlace(buf, fields));
        } finally {
            buf.release();
        }
    }

    @Test
    void aBufferWithoutTheRoomIsLeftAsItWas() {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        ByteBuf buf = directWithRoom(response, response.length());
        try {
            buf.capacity(response.length());
            RawResponseHead parsed = RawResponseHead.parse(buf, 8192, false);
            assertEquals(-1, parsed.openRoom(buf, 40));
            assertEquals(response, buf.toString(StandardCharsets.ISO_8859_1));
        } finally {
            buf.release();
        }
    }

    @Test
    void connectionCloseMeansNotReusable() {
        RawResponseHead parsed = parse("HTTP/1.1 404 Not Found\r\nconnection:  CLOSE \r\ncontent-length: 0\r\n\r\n");
        assertNotNull(parsed);
        assertEquals(404, parsed.status());
        assertFalse(parsed.keepAlive());
        assertEquals(0, parsed.contentLength());
    }

    @Test
    void bodylessResponsesHaveNoBodyWhateverTheirLength() {
        assertEquals(0, RawResponseHead.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"), 8192, true).contentLength());
        assertEquals(0, parse("HTTP/1.1 204 No Content\r\n\r\n").contentLength());
        assertEquals(0, parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n").contentLength());
    }

    @Test
    void emptyReasonPhraseIsAccepted() {
        assertNotNull(parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n"));
        assertNotNull(parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void aHeadTooLargeForTheLimitIsLeftToTheDecoder() {
        String head = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200) + "\r\nContent-Length: 0\r\n\r\n";
        assertNotNull(RawResponseHead.parse(bytes(head), head.length(), false));
        assertNull(RawResponseHead.parse(bytes(head), head.length() - 1, false));
    }

    /** Each of these is for the HTTP decoder, which has the rules (or the error) for it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",                                  // head not complete yet
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r",
            "HTTP/1.1 100 Continue\r\n\r\n",                                              // informational
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
            "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",                               // not HTTP/1.1
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",                      // chunked
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n",                        // read until close
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",          // repeated length
            "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n",                              // bad length
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Secret\r\nContent-Length: 0\r\n\r\n", // names a field
            "HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 0\r\n\r\n",                       // bare LF
            "HTTP/1.1 200 OK\r\nX-A: 1\r\n continued\r\nContent-Length: 0\r\n\r\n",       // obs-fold
            "HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 0\r\n\r\n",                    // space before colon
            "HTTP/1.1 200 OK\r\nX-A: a\u0000b\r\nContent-Length: 0\r\n\r\n",              // NUL in a value
            "HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\n\r",
            "garbage\r\n\r\n",
    })
    void unusualResponsesAreLeftToTheDecoder(String raw) {
        assertNull(parse(raw), raw);
    }

    @Test
    void aHeadLongerThanTheFirstLookIsStillReadInPlace() {
        String head = "HTTP/1.1 200 OK\r\n" + "X-Filler: " + "f".repeat(700) + "\r\nX-Long: " + "l".repeat(900)
                + "\r\nContent-Length: 2\r\n\r\n";
        RawResponseHead parsed = RawResponseHead.parse(bytes(head + "ok"), 8192, false);
        assertNotNull(parsed);
        assertEquals(head.length(), parsed.length());
        assertEquals(2, parsed.contentLength());
    }

    @Test
    void tooManyDroppedLinesAreLeftToTheDecoder() {
        assertNull(parse("HTTP/1.1 200 OK\r\n" + "Keep-Alive: 1\r\n".repeat(9) + "Content-Length: 0\r\n\r\n"));
        assertNotNull(parse("HTTP/1.1 200 OK\r\n" + "Keep-Alive: 1\r\n".repeat(8) + "Content-Length: 0\r\n\r\n"));
    }
}
