package io.outpost.gateway.security.jwt;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by the whole token string, at most {@code capacity} of them (WSO2's cache held
 * 10,000). A lookup allocates nothing that escapes. When an insert makes it full, the expired
 * entries go, then arbitrary ones until a quarter is free (WSO2's eviction factor, 0.25), so
 * eviction runs once per capacity/4 misses, never on a hit. Entries are never trusted past their
 * expiry: the check asks the time on every hit.
 */
final class TokenCache {
    /** How many characters at the end of a token (its signature: random) the key's hash reads. */
    private static final int HASHED_CHARS = 16;

    /**
     * A token as the key: equal only to the same whole token, hashed on its last characters, so a
     * lookup does not hash a kilobyte-long header value (String's own hash reads all of it: ~1 µs).
     * Only verified tokens are keys, and no one else can make their signatures, so a crafted
     * collision is out of reach.
     */
    private record Key(String token, int hash) {
        Key(String token) {
            this(token, hash(token));
        }

        private static int hash(String token) {
            int h = token.length();
            for (int i = Math.max(0, token.length() - HASHED_CHARS); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            return h;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.token.equals(token);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final ConcurrentHashMap<Key, VerifiedToken> tokens;
    private final int capacity;
    private final TokenCacheStats stats;

    /** @param stats counts this cache's lookups and shows its size (it is the newest of its kind) */
    TokenCache(int capacity, TokenCacheStats stats) {
        this.capacity = capacity;
        this.tokens = new ConcurrentHashMap<>(Math.min(capacity, 1024));
        this.stats = stats;
        stats.serving(this);
    }

    VerifiedToken get(String token) {
        VerifiedToken verified = tokens.get(new Key(token));
        stats.lookedUp(verified != null);
        return verified;
    }

    void put(String token, VerifiedToken verified, long nowSeconds) {
        if (capacity == 0) {
            return;
        }
        tokens.put(new Key(token), verified);
        if (tokens.size() > capacity) {
            evict(nowSeconds);
        }
    }

    void remove(String token, VerifiedToken verified) {
        tokens.remove(new Key(token), verified);
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
