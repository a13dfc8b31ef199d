package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and remembers when the first byte of a not yet decoded request
 * arrived: a request head that trickles in (slowloris) is timed from there.
 */
public final class InboundByteCounter extends ChannelInboundHandlerAdapter {
    private long firstByteNanos;

    /** Starts waiting for the next request. */
    void reset() {
        firstByteNanos = 0;
    }

    /** When the first byte since {@link #reset} arrived, or 0 if none did. */
    long firstByteNanos() {
        return firstByteNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (firstByteNanos == 0 && msg instanceof ByteBuf buf && buf.isReadable()) {
            firstByteNanos = System.nanoTime();
        }
        ctx.fireChannelRead(msg);
    }
}
