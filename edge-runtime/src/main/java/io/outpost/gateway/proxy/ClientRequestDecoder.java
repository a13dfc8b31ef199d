package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, plus what HttpServerCodec adds to it: a request that declares both
 * Transfer-Encoding: chunked and a Content-Length (a request-smuggling pattern) is read as chunked
 * and the connection is closed after the answer.
 *
 * <p>It also notes raw bytes arriving, for the connection's clock: whether a not yet decoded
 * request head has begun (a head that trickles in, slowloris, is timed from there), and whether
 * anything arrived since the clock last looked. Flags only, no clock reads per read.
 */
final class ClientRequestDecoder extends HttpRequestDecoder {
    private final Runnable closeAfterAnswer;
    private boolean headStarted;
    private boolean arrived;

    ClientRequestDecoder(int maxInitialLineLength, int maxHeaderSize, Runnable closeAfterAnswer) {
        super(maxInitialLineLength, maxHeaderSize, 8192);
        this.closeAfterAnswer = closeAfterAnswer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            headStarted = true;
            arrived = true;
        }
        super.channelRead(ctx, msg);
    }

    /** Starts waiting for the next request head. */
    void awaitHead() {
        headStarted = false;
    }

    /** Whether a byte arrived since {@link #awaitHead}. */
    boolean headStarted() {
        return headStarted;
    }

    /** Whether a byte arrived since the last call. */
    boolean takeArrival() {
        boolean a = arrived;
        arrived = false;
        return a;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        super.handleTransferEncodingChunkedWithContentLength(message);
        closeAfterAnswer.run();
    }
}
