package io.outpost.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.outpost.gateway.config.GatewayConfig.IoTransport;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and socket types. Client and backend channels share the worker loops, so a
 * backend connection lives on its exchange's loop.
 *
 * <p>{@code auto} prefers io_uring: a proxy makes four socket calls per request, and io_uring
 * submits a whole loop turn's reads and writes in one system call where epoll makes one each.
 * Kernels without io_uring, or with it turned off (sysctl {@code kernel.io_uring_disabled}, a
 * seccomp filter that leaves the io_uring calls out; systemd's {@code @system-service} keeps them),
 * get epoll; other systems NIO.
 */
record Transport(IoTransport kind, EventLoopGroup boss, EventLoopGroup workers, int workerThreads,
                 Class<? extends ServerChannel> serverType, Class<? extends SocketChannel> clientType) {

    /** @param wanted a transport that can run here (the config loader refuses one that cannot) */
    static Transport create(IoTransport wanted) {
        IoTransport kind = wanted == IoTransport.AUTO ? firstAvailable() : wanted;
        return switch (kind) {
            case IO_URING -> of(kind, IoUringIoHandler.newFactory(),
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class);
            case EPOLL -> of(kind, EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
            case AUTO, NIO -> of(IoTransport.NIO, NioIoHandler.newFactory(),
                    NioServerSocketChannel.class, NioSocketChannel.class);
        };
    }

    static IoTransport firstAvailable() {
        for (IoTransport candidate : new IoTransport[] {IoTransport.IO_URING, IoTransport.EPOLL}) {
            if (candidate.unavailabilityCause() == null) {
                return candidate;
            }
        }
        return IoTransport.NIO;
    }

    private static Transport of(IoTransport kind, IoHandlerFactory io, Class<? extends ServerChannel> serverType,
                                Class<? extends SocketChannel> clientType) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new Transport(kind, new MultiThreadIoEventLoopGroup(1, io), new MultiThreadIoEventLoopGroup(threads, io),
                threads, serverType, clientType);
    }

    void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
