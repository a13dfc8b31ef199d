package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, plus what HttpServerCodec adds to it: a request that declares both
 * Transfer-Encoding: chunked and a Content-Length (a request-smuggling pattern) is read as chunked
 * and the connection is closed after the answer.
 */
final class ClientRequestDecoder extends HttpRequestDecoder {
    private final Runnable closeAfterAnswer;

    ClientRequestDecoder(int maxInitialLineLength, int maxHeaderSize, Runnable closeAfterAnswer) {
        super(maxInitialLineLength, maxHeaderSize, 8192);
        this.closeAfterAnswer = closeAfterAnswer;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        super.handleTransferEncodingChunkedWithContentLength(message);
        closeAfterAnswer.run();
    }
}
