package io.outpost.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head a request without a body goes to the backend with, written as bytes. */
class UpstreamHeadTest {
    private static String write(HttpRequest request, String authorization) {
        return write(request, authorization, false);
    }

    private static String write(HttpRequest request, String authorization, boolean chunked) {
        ByteBuf out = Unpooled.buffer();
        ProxyHeaders.writeUpstreamHead(out, request, "/base/items/1?x=1", "backend:8080", request.headers().get("Host"),
                "10.0.0.9", "http",
                "corr-1", authorization, chunked);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void clientFieldsGoOnButHopByHopAndTheOnesTheGatewaySets() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/items/1?x=1");
        request.headers()
                .add("Host", "gw.example")
                .add("Connection", "keep-alive, X-Hop")
                .add("X-Hop", "1")
                .add("Keep-Alive", "timeout=5")
                .add("TE", "trailers")
                .add("Upgrade", "h2c")
                .add("Proxy-Authorization", "Basic eA==")
                .add("X-Forwarded-For", "10.1.1.1")
                .add("X-Forwarded-For", "10.2.2.2")
                .add("X-Forwarded-Proto", "https")
                .add("X-Correlation-ID", "theirs")
                .add("Authorization", "Bearer client")
                .add("Accept", "text/plain")
                .add("Content-Length", "0");
        assertEquals("GET /base/items/1?x=1 HTTP/1.1\r\n"
                + "host: backend:8080\r\n"
                + "Authorization: Bearer client\r\n"
                + "Accept: text/plain\r\n"
                + "Content-Length: 0\r\n"
                + "x-forwarded-for: 10.1.1.1, 10.2.2.2, 10.0.0.9\r\n"
                + "x-forwarded-proto: http\r\n"
                + "x-forwarded-host: gw.example\r\n"
                + "x-correlation-id: corr-1\r\n"
                + "\r\n", write(request, null));
    }

    @Test
    void theEndpointsCredentialsReplaceTheClients() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/api/items/1");
        request.headers().add("authorization", "Bearer client");
        assertEquals("HEAD /base/items/1?x=1 HTTP/1.1\r\n"
                + "host: backend:8080\r\n"
                + "x-forwarded-for: 10.0.0.9\r\n"
                + "x-forwarded-proto: http\r\n"
                + "x-correlation-id: corr-1\r\n"
                + "authorization: Basic dTpw\r\n"
                + "\r\n", write(request, "Basic dTpw"));
    }

    @Test
    void aChunkedBodyIsDeclaredAsChunksAndNeverWithALength() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/upload");
        request.headers().add("Transfer-Encoding", "chunked").add("Content-Length", "10").add("Content-Type", "text/plain");
        assertEquals("POST /base/items/1?x=1 HTTP/1.1\r\n"
                + "host: backend:8080\r\n"
                + "Content-Type: text/plain\r\n"
                + "x-forwarded-for: 10.0.0.9\r\n"
                + "x-forwarded-proto: http\r\n"
                + "x-correlation-id: corr-1\r\n"
                + "transfer-encoding: chunked\r\n"
                + "\r\n", write(request, null, true));
    }

    @Test
    void bodyPiecesAreFramedAsChunksOnlyWhenTheRequestIsChunked() {
        var piece = new io.netty.handler.codec.http.DefaultHttpContent(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        assertEquals("5\r\nhello\r\n", UpstreamBody.frame(piece.retainedDuplicate(), true).toString(StandardCharsets.US_ASCII));
        assertEquals("hello", UpstreamBody.frame(piece, false).toString(StandardCharsets.US_ASCII));
        var last = new io.netty.handler.codec.http.DefaultLastHttpContent(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII));
        last.trailingHeaders().add("X-Checksum", "42");
        assertEquals("2\r\nab\r\n0\r\nX-Checksum: 42\r\n\r\n",
                UpstreamBody.frame(last, true).toString(StandardCharsets.US_ASCII));
        assertEquals("0\r\n\r\n", UpstreamBody.frame(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT, true)
                .toString(StandardCharsets.US_ASCII));
    }
}
