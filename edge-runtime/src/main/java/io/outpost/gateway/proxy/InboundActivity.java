package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and notes raw bytes arriving: whether a not yet decoded request
 * head has begun (a head that trickles in, slowloris, is timed from there), and whether anything
 * arrived since the connection's clock last looked. Flags only, no clock reads per read.
 */
public final class InboundActivity extends ChannelInboundHandlerAdapter {
    private boolean headStarted;
    private boolean arrived;

    /** Starts waiting for the next request. */
    void reset() {
        headStarted = false;
    }

    /** Whether a byte arrived since {@link #reset}. */
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            headStarted = true;
            arrived = true;
        }
        ctx.fireChannelRead(msg);
    }
}
