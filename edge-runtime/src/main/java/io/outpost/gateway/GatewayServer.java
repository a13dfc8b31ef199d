package io.outpost.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.outpost.gateway.admin.AdminHandler;
import io.outpost.gateway.admin.AdminState;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.proxy.FrontendHandler;
import io.outpost.gateway.proxy.ProxyWiring;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The gateway's listeners: the data plane (HTTP) and the admin port, on one set of event loops. */
public final class GatewayServer {
    private final ProxyWiring proxy;
    private final AdminState admin;
    private final Channel httpChannel;
    private final Channel adminChannel;

    private GatewayServer(GatewayConfig config, Transport transport, ProxyWiring proxy, AdminState admin)
            throws InterruptedException {
        this.proxy = proxy;
        this.admin = admin;
        Channel http = null;
        try {
            http = new ServerBootstrap().group(transport.boss(), transport.workers()).channel(transport.serverType())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            FrontendHandler.install(ch, proxy, "http");
                        }
                    })
                    .bind(config.http().host(), config.http().port()).sync().channel();
            adminChannel = new ServerBootstrap().group(transport.boss(), transport.workers()).channel(transport.serverType())
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                            ch.pipeline().addLast(new HttpObjectAggregator(8192));
                            ch.pipeline().addLast(new AdminHandler(admin));
                        }
                    })
                    .bind(config.admin().host(), config.admin().port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            if (http != null) {
                http.close().awaitUninterruptibly();
            }
            throw e;
        }
        this.httpChannel = http;
    }

    public static GatewayServer start(GatewayConfig config, Transport transport, ProxyWiring proxy, AdminState admin)
            throws InterruptedException {
        return new GatewayServer(config, transport, proxy, admin);
    }

    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) httpChannel.localAddress();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) adminChannel.localAddress();
    }

    /**
     * Graceful stop: readiness turns false, no new connections are accepted, every connection
     * finishes its current exchange and closes; after {@code timeout} the rest are cut.
     *
     * @return the connections still open when the time was up
     */
    public int drain(Duration timeout) {
        admin.markDraining();
        httpChannel.close().awaitUninterruptibly();
        proxy.connections().drain();
        int left = proxy.connections().awaitClosed(timeout);
        proxy.connections().closeAll();
        proxy.generations().current().upstreams().close();
        adminChannel.close().awaitUninterruptibly();
        return left;
    }
}
