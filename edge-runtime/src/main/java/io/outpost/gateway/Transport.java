package io.outpost.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and socket types: native epoll where it loads (Linux amd64/arm64), NIO
 * elsewhere. Client and backend channels share the worker loops, so a backend connection lives
 * on its exchange's loop.
 */
record Transport(EventLoopGroup boss, EventLoopGroup workers, int workerThreads,
                 Class<? extends ServerChannel> serverType, Class<? extends SocketChannel> clientType) {

    static Transport create() {
        boolean epoll = Epoll.isAvailable();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new Transport(
                epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1),
                epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads),
                threads,
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                epoll ? EpollSocketChannel.class : NioSocketChannel.class);
    }

    void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
