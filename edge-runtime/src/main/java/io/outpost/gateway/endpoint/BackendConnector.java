package io.outpost.gateway.endpoint;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.outpost.gateway.config.GatewayConfig;
import javax.net.ssl.SSLParameters;

/** How a new backend connection is made: transport, TLS, codec limits, the idle timeout of pooled connections. */
public final class BackendConnector {
    /**
     * Read buffers of at least 512 bytes: Netty's default sizing shrinks them to fit small responses
     * exactly, which leaves no room to rewrite a response head in place (see
     * {@link RawResponseHead#openRoom}) and forces a copy of the whole response instead.
     */
    private static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(512, 2048, 65536);

    private final Class<? extends SocketChannel> channelType;
    private final SslContext tls;
    private final boolean verifyHostname;
    private final BackendAddressResolver resolver;
    private final int connectTimeoutMillis;
    private final int maxHeaderSize;
    private final GatewayConfig.Pool pool;
    private final int maxActivePerLoop;

    public BackendConnector(Class<? extends SocketChannel> channelType, SslContext tls, boolean verifyHostname,
                            BackendAddressResolver resolver, int connectTimeoutMillis, int maxHeaderSize,
                            GatewayConfig.Pool pool, int eventLoops) {
        this.channelType = channelType;
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.resolver = resolver;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxHeaderSize = maxHeaderSize;
        this.pool = pool;
        // Pools are per event loop (a backend channel must live on its exchange's loop), so the
        // configured total is shared out between the loops.
        this.maxActivePerLoop = Math.max(1, (pool.maxActive() + eventLoops - 1) / eventLoops);
    }

    BackendAddressResolver resolver() {
        return resolver;
    }

    int maxActivePerLoop() {
        return maxActivePerLoop;
    }

    int maxIdlePerLoop() {
        return pool.maxIdle();
    }

    long idleTimeoutMillis() {
        return pool.idleTimeoutSeconds() * 1000L;
    }

    long waitTimeMillis() {
        return pool.waitTimeMillis();
    }

    Bootstrap bootstrap(EventLoop loop, BackendTarget target, BackendConnectionHandler handler) {
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (target.tls()) {
                            SslHandler handler = tls.newHandler(ch.alloc(), target.host(), target.port());
                            if (verifyHostname) {
                                SSLParameters params = handler.engine().getSSLParameters();
                                params.setEndpointIdentificationAlgorithm("HTTPS");
                                handler.engine().setSSLParameters(params);
                            }
                            ch.pipeline().addLast(handler);
                        }
                        // Requests go out as bytes (ProxyHeaders, UpstreamBody); responses are read as
                        // bytes where they can be, else by the decoder (see RawResponseReader).
                        RawResponseReader reader = new RawResponseReader(4096 + maxHeaderSize, handler);
                        BackendResponseDecoder decoder = new BackendResponseDecoder(maxHeaderSize, reader);
                        reader.decoder(decoder);
                        handler.reader(reader);
                        ch.pipeline().addLast(reader, decoder, handler);
                    }
                });
    }
}
