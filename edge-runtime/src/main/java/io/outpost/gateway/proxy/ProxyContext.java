package io.outpost.gateway.proxy;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.routing.RouteTable;

/** What every frontend connection shares: routes, backend resolution and transport, limits. */
public final class ProxyContext {
    private final RouteTable routes;
    private final BackendTargets targets;
    private final BackendAddressResolver resolver;
    private final Class<? extends SocketChannel> backendChannelType;
    private final SslContext backendTls;
    private final GatewayConfig.Limits limits;

    public ProxyContext(RouteTable routes, BackendTargets targets, BackendAddressResolver resolver,
                        Class<? extends SocketChannel> backendChannelType, SslContext backendTls,
                        GatewayConfig.Limits limits) {
        this.routes = routes;
        this.targets = targets;
        this.resolver = resolver;
        this.backendChannelType = backendChannelType;
        this.backendTls = backendTls;
        this.limits = limits;
    }

    public RouteTable routes() {
        return routes;
    }

    public BackendAddressResolver resolver() {
        return resolver;
    }

    public Class<? extends SocketChannel> backendChannelType() {
        return backendChannelType;
    }

    public SslContext backendTls() {
        return backendTls;
    }

    public GatewayConfig.Limits limits() {
        return limits;
    }

    public BackendTarget target(String url) {
        return targets.get(url);
    }
}
