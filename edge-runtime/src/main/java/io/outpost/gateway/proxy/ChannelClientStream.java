package io.outpost.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpObject;

/**
 * The writing half of {@link ClientStream} over a Netty channel: messages through the response
 * encoder, responses passed on as bytes from past it ({@code rawOut}), and the channel's state.
 * {@link FrontendHandler} adds the reading half (the queue of requests, the exchanges, the clock).
 */
abstract class ChannelClientStream extends ChannelInboundHandlerAdapter implements ClientStream {
    /** This handler's context: set when the handler is added. */
    ChannelHandlerContext ctx;
    /** Writes that skip the response encoder: responses passed on as bytes. */
    ChannelHandlerContext rawOut;

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void send(HttpObject message) {
        ctx.write(message);
    }

    @Override
    public ChannelFuture sendLast(HttpObject message) {
        return ctx.writeAndFlush(message);
    }

    @Override
    public void sendRaw(ByteBuf bytes) {
        rawOut.write(bytes);
    }

    @Override
    public ChannelFuture sendRawLast(ByteBuf bytes) {
        return rawOut.writeAndFlush(bytes);
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public boolean writable() {
        return ctx.channel().isWritable();
    }

    @Override
    public boolean open() {
        return ctx.channel().isActive();
    }

    @Override
    public void abort() {
        ctx.close();
    }
}
