package io.outpost.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.outpost.gateway.admin.AdminHandler;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.proxy.BackendAddressResolver;
import io.outpost.gateway.proxy.BackendTargets;
import io.outpost.gateway.proxy.FrontendHandler;
import io.outpost.gateway.proxy.ProxyContext;
import io.outpost.gateway.routing.RouteTable;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** The gateway's listeners: the data plane (HTTP) and the admin port, on one set of event loops. */
public final class GatewayServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final BackendAddressResolver resolver = new BackendAddressResolver();
    private final Channel http;
    private final Channel admin;

    private GatewayServer(GatewayConfig config, LoadedArtifact artifact, RouteTable routes, BackendTargets targets) throws SSLException, InterruptedException {
        boolean epoll = Epoll.isAvailable();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends SocketChannel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        SslContext backendTls = SslContextBuilder.forClient().build();
        GatewayConfig.Limits limits = config.limits();
        ProxyContext proxy = new ProxyContext(routes, targets, resolver, clientType, backendTls, limits);
        try {
            http = new ServerBootstrap().group(boss, workers).channel(serverType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, limits.idleTimeoutSeconds(), TimeUnit.SECONDS));
                            ch.pipeline().addLast(new HttpServerCodec(limits.maxInitialLineLength(), limits.maxHeaderSize(), 8192));
                            ch.pipeline().addLast(new FrontendHandler(proxy, "http"));
                        }
                    })
                    .bind(config.http().host(), config.http().port()).sync().channel();
            admin = new ServerBootstrap().group(boss, workers).channel(serverType)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                            ch.pipeline().addLast(new HttpObjectAggregator(8192));
                            ch.pipeline().addLast(new AdminHandler(artifact));
                        }
                    })
                    .bind(config.admin().host(), config.admin().port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    public static GatewayServer start(GatewayConfig config, LoadedArtifact artifact, RouteTable routes,
                                      BackendTargets targets) throws SSLException, InterruptedException {
        return new GatewayServer(config, artifact, routes, targets);
    }

    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) http.localAddress();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) admin.localAddress();
    }

    public void awaitClose() throws InterruptedException {
        http.closeFuture().sync();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close().awaitUninterruptibly();
        }
        if (admin != null) {
            admin.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        resolver.close();
    }
}
