package io.outpost.gateway.proxy;

import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.http.TrustedProxies;
import io.outpost.gateway.pipeline.Generations;

/**
 * What every client connection shares, wired once by the assembly class: the generation in force
 * (routes, their stages, upstreams), limits, the connection tracker, the observer told of every
 * ended exchange, and whose X-Forwarded-For is believed. Not to be confused with the per-exchange {@code pipeline.ExchangeContext}.
 */
public record ProxyWiring(Generations generations, GatewayConfig.Limits limits, long replayBufferBytes,
                          ConnectionTracker connections, ExchangeObserver observer, TrustedProxies trustedProxies) {}
