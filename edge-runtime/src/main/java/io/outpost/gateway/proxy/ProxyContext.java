package io.outpost.gateway.proxy;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.endpoint.Upstreams;
import io.outpost.gateway.routing.RouteTable;

/**
 * What every client connection shares: routes, upstreams, limits, the connection tracker and
 * the observer told of every ended exchange.
 */
public record ProxyContext(RouteTable routes, Upstreams upstreams, GatewayConfig.Limits limits, long replayBufferBytes,
                           ConnectionTracker connections, ExchangeObserver observer) {}
