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
import io.outpost.gateway.security.tls.HttpsListener;
import io.outpost.gateway.security.tls.TlsSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The gateway's listeners: the data plane (HTTP, and HTTPS when {@code listeners.https} is set,
 * with the same handling behind TLS) and the admin port, on one set of event loops.
 */
public final class GatewayServer {
    private final ProxyWiring proxy;
    private final AdminState admin;
    private final Channel httpChannel;
    private final Channel httpsChannel;
    private final Channel adminChannel;

    private GatewayServer(GatewayConfig config, TlsSettings tls, Transport transport, ProxyWiring proxy, AdminState admin)
            throws InterruptedException {
        this.proxy = proxy;
        this.admin = admin;
        String certificateHeader = tls.mutualTls().clientCertificateHeader();
        HttpsListener https = tls.https();
        Channel http = null;
        Channel secure = null;
        try {
            http = dataPlane(transport).childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            FrontendHandler.install(ch, proxy, "http", certificateHeader);
                        }
                    })
                    .bind(config.http().host(), config.http().port()).sync().channel();
            if (https != null) {
                secure = dataPlane(transport).childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                // the context in force as the connection is accepted: a reloaded certificate reaches
                                // the next connection, and this one keeps its session (ServerTls)
                                ch.pipeline().addLast(https.context().newHandler(ch.alloc()));
                                FrontendHandler.install(ch, proxy, "https", certificateHeader);
                            }
                        })
                        .bind(https.host(), https.port()).sync().channel();
            }
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
            for (Channel opened : new Channel[] {http, secure}) {
                if (opened != null) {
                    opened.close().awaitUninterruptibly();
                }
            }
            throw e;
        }
        this.httpChannel = http;
        this.httpsChannel = secure;
    }

    /** The data plane's listening options: client connections are read only when an exchange wants more (AUTO_READ off). */
    private static ServerBootstrap dataPlane(Transport transport) {
        return new ServerBootstrap().group(transport.boss(), transport.workers()).channel(transport.serverType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    /** @param tls the HTTPS listener (with any port override applied) and the mutual-TLS header */
    public static GatewayServer start(GatewayConfig config, TlsSettings tls, Transport transport, ProxyWiring proxy,
                                      AdminState admin) throws InterruptedException {
        return new GatewayServer(config, tls, transport, proxy, admin);
    }

    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) httpChannel.localAddress();
    }

    /** The HTTPS listener's address, or null when there is none. */
    public InetSocketAddress httpsAddress() {
        return httpsChannel == null ? null : (InetSocketAddress) httpsChannel.localAddress();
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
        if (httpsChannel != null) {
            httpsChannel.close().awaitUninterruptibly();
        }
        proxy.connections().drain();
        int left = proxy.connections().awaitClosed(timeout);
        proxy.connections().closeAll();
        proxy.generations().current().upstreams().close();
        adminChannel.close().awaitUninterruptibly();
        return left;
    }
}
