package io.outpost.gateway.security.jwt;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the verified-token caches of one kind (bearer JWTs, JWT API keys) did, for the metrics: hits
 * and misses since the process started (across reloads: each generation has caches of its own, the
 * counts go on) and the entries of the cache built last, the serving generation's. Process-wide, as
 * a gateway process serves one gateway; read at scrape time. Counting is a {@code LongAdder} add.
 */
public final class TokenCacheStats {
    public static final TokenCacheStats BEARER = new TokenCacheStats();
    public static final TokenCacheStats API_KEY = new TokenCacheStats();

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile TokenCache serving;

    private TokenCacheStats() {}

    void serving(TokenCache cache) {
        serving = cache;
    }

    void lookedUp(boolean hit) {
        (hit ? hits : misses).increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Tokens held by the newest cache of this kind (0 before one is built). */
    public int entries() {
        TokenCache cache = serving;
        return cache == null ? 0 : cache.size();
    }
}
