package io.outpost.gateway.metrics;

import io.outpost.gateway.security.jwt.TokenCacheStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The verified-token caches (docs/security.md, "JWT and JWT API keys") by kind, {@code jwt} (bearer
 * tokens) and {@code api_key} (JWT API keys): entries, hits and misses, read from the counters the
 * caches keep at scrape time, so the request path pays only the caches' own {@code LongAdder} add.
 * The hit ratio is {@code hits / (hits + misses)} over a window, in PromQL.
 */
final class TokenCacheMetrics {
    private TokenCacheMetrics() {}

    static void register(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("outpost_gateway_token_cache_entries")
                .help("Verified tokens held by the serving generation's cache, by kind (jwt: bearer JWTs, api_key: JWT API keys)")
                .labelNames("cache")
                .callback(cb -> {
                    cb.call(TokenCacheStats.BEARER.entries(), "jwt");
                    cb.call(TokenCacheStats.API_KEY.entries(), "api_key");
                }).register(registry);
        CounterWithCallback.builder().name("outpost_gateway_token_cache_hits")
                .help("Token lookups the verified-token cache answered (no signature check), by kind")
                .labelNames("cache")
                .callback(cb -> {
                    cb.call(TokenCacheStats.BEARER.hits(), "jwt");
                    cb.call(TokenCacheStats.API_KEY.hits(), "api_key");
                }).register(registry);
        CounterWithCallback.builder().name("outpost_gateway_token_cache_misses")
                .help("Token lookups the verified-token cache did not answer (the token was verified, or refused), by kind")
                .labelNames("cache")
                .callback(cb -> {
                    cb.call(TokenCacheStats.BEARER.misses(), "jwt");
                    cb.call(TokenCacheStats.API_KEY.misses(), "api_key");
                }).register(registry);
    }
}
