package io.outpost.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reads backend responses as bytes when {@link RawResponseHead} can: the head is parsed in place
 * and the response goes to the exchange as the buffers it arrived in, with no HTTP message
 * objects and no header maps on the way. Any other response is handed, from its first byte to
 * its last, to the {@link BackendResponseDecoder} behind this handler.
 *
 * <p>It also knows whether the request was HEAD, which both ways of reading need: the response to
 * HEAD has no body whatever its headers say. Requests are never pipelined to a backend, so the last
 * request written is the one being answered.
 */
final class RawResponseReader extends ChannelInboundHandlerAdapter {
    private enum State { HEAD, BODY, DECODER }

    private final int maxHeadLength;
    private final BackendConnectionHandler handler;
    private BackendResponseDecoder decoder;
    private State state = State.HEAD;
    private long remaining;
    private boolean headRequest;
    private boolean passBytes = true;

    RawResponseReader(int maxHeadLength, BackendConnectionHandler handler) {
        this.maxHeadLength = maxHeadLength;
        this.handler = handler;
    }

    /** Set once, when the pipeline is built: the decoder this reader hands other responses to. */
    void decoder(BackendResponseDecoder decoder) {
        this.decoder = decoder;
    }

    boolean headRequest() {
        return headRequest;
    }

    /**
     * Set by the exchange before each request (requests go out as bytes, past every handler).
     *
     * @param passBytes false when the response must reach the exchange decoded, whatever its shape
     */
    void expectResponseTo(boolean headMethod, boolean passBytes) {
        headRequest = headMethod;
        this.passBytes = passBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.DECODER || !(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!buf.isReadable()) {
            buf.release();
            return;
        }
        if (state == State.BODY) {
            body(buf);
            return;
        }
        RawResponseHead head = passBytes ? RawResponseHead.parse(buf, maxHeadLength, headRequest) : null;
        if (head == null) {
            state = State.DECODER;
            ctx.fireChannelRead(msg);
            return;
        }
        long bodyHere = buf.readableBytes() - head.length();
        boolean overrun = bodyHere > head.contentLength();
        if (overrun) {
            // More than the response: the backend is out of step, so the connection is not reused.
            buf.writerIndex(buf.readerIndex() + head.length() + (int) head.contentLength());
            bodyHere = head.contentLength();
        }
        remaining = head.contentLength() - bodyHere;
        state = remaining > 0 ? State.BODY : State.HEAD;
        handler.rawResponse(head, buf, remaining == 0, !overrun);
    }

    private void body(ByteBuf buf) {
        boolean overrun = buf.readableBytes() > remaining;
        if (overrun) {
            buf.writerIndex(buf.readerIndex() + (int) remaining);
        }
        remaining -= buf.readableBytes();
        if (remaining == 0) {
            state = State.HEAD;
        }
        handler.rawBody(buf, remaining == 0, !overrun);
    }

    /**
     * The decoder finished a final response: the next one may be read as bytes again, unless the
     * decoder holds bytes beyond it (which it will decode, and which make the connection unusable).
     */
    void decodedResponseEnded() {
        if (state == State.DECODER && decoder.idle()) {
            state = State.HEAD;
        }
    }
}
