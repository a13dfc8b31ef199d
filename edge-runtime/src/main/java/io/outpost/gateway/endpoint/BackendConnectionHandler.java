package io.outpost.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a backend connection. While leased it hands everything to the exchange's
 * listener: responses the decoder read as HTTP messages, and those {@link RawResponseReader} read
 * as bytes (which it calls directly). While idle in the pool anything the backend sends is
 * unexpected, so the connection is closed rather than risk a later exchange reading a stray response.
 */
final class BackendConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(BackendConnectionHandler.class);
    private static final int KEPT_HEAD_BUFFER = 256;
    private static final int MAX_KEPT_HEAD_BUFFER = 4096;

    private BackendListener listener;
    private ChannelHandlerContext ctx;
    private RawResponseReader reader;
    /** Whether the response the decoder is on is a final one (not 1xx). */
    private boolean decodingFinal;
    /** Kept between requests: see {@link #requestHeadBuffer}. */
    private ByteBuf headBuffer;

    /** Set once, when the pipeline is built. */
    void reader(RawResponseReader reader) {
        this.reader = reader;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * An empty buffer for the next request head. Requests on a connection follow one another, so
     * one buffer serves them all: taken back once the last write let go of it, it saves a pooled
     * allocation and release per request. A head that grew the buffer past the usual size is not kept.
     */
    ByteBuf requestHeadBuffer() {
        ByteBuf buf = headBuffer;
        if (buf != null && buf.refCnt() == 1 && buf.capacity() <= MAX_KEPT_HEAD_BUFFER) {
            return buf.clear().retain();
        }
        releaseHeadBuffer();
        buf = ctx.alloc().directBuffer(KEPT_HEAD_BUFFER);
        headBuffer = buf;
        return buf.retain();
    }

    private void releaseHeadBuffer() {
        if (headBuffer != null) {
            headBuffer.release();
            headBuffer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeadBuffer();
    }

    void expectResponseTo(boolean headMethod, boolean passBytes) {
        reader.expectResponseTo(headMethod, passBytes);
    }

    void lease(BackendListener listener) {
        this.listener = listener;
    }

    void unlease() {
        this.listener = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BackendListener l = listener;
        if (l == null || !(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            decodingFinal = response.status().codeClass() != HttpStatusClass.INFORMATIONAL;
            l.onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            if (decodingFinal && content instanceof LastHttpContent) {
                reader.decodedResponseEnded();
            }
            l.onResponseContent(content);
        }
    }

    /** A response {@link RawResponseReader} read as bytes; {@code buf} goes to the listener. */
    void rawResponse(RawResponseHead head, ByteBuf buf, boolean last, boolean reusable) {
        BackendListener l = listener;
        if (l == null) {
            buf.release();
            ctx.close();
            return;
        }
        l.onRawResponse(head, buf, last, reusable);
    }

    /** More body bytes of a response read as bytes. */
    void rawBody(ByteBuf buf, boolean last, boolean reusable) {
        BackendListener l = listener;
        if (l == null) {
            buf.release();
            ctx.close();
            return;
        }
        l.onRawBody(buf, last, reusable);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onBackendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null && ctx.channel().isWritable()) {
            listener.onBackendWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        BackendListener l = listener;
        listener = null;
        if (l != null) {
            l.onBackendClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("backend connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
