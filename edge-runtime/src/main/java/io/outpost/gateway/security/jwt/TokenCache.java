package io.outpost.gateway.security.jwt;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by the whole token string, at most {@code capacity} of them (WSO2's cache held
 * 10,000). A lookup allocates nothing. When an insert makes it full, the expired entries go, then
 * arbitrary ones until a quarter is free (WSO2's eviction factor, 0.25), so eviction runs once per
 * capacity/4 misses, never on a hit. Entries are never trusted past their expiry: the check asks
 * the time on every hit.
 */
final class TokenCache {
    private final ConcurrentHashMap<String, VerifiedToken> tokens;
    private final int capacity;

    TokenCache(int capacity) {
        this.capacity = capacity;
        this.tokens = new ConcurrentHashMap<>(Math.min(capacity, 1024));
    }

    VerifiedToken get(String token) {
        return tokens.get(token);
    }

    void put(String token, VerifiedToken verified, long nowSeconds) {
        if (capacity == 0) {
            return;
        }
        tokens.put(token, verified);
        if (tokens.size() > capacity) {
            evict(nowSeconds);
        }
    }

    void remove(String token, VerifiedToken verified) {
        tokens.remove(token, verified);
    }

    int size() {
        return tokens.size();
    }

    private synchronized void evict(long nowSeconds) {
        if (tokens.size() <= capacity) {
            return;
        }
        tokens.values().removeIf(v -> v.lastValidSecond < nowSeconds);
        int target = capacity - capacity / 4;
        for (Iterator<VerifiedToken> it = tokens.values().iterator(); it.hasNext() && tokens.size() > target; ) {
            it.next();
            it.remove();
        }
    }
}
