package io.outpost.gateway.security.basic;

import io.outpost.gateway.pipeline.Identity;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user:password pairs checked good in the last {@code cacheSeconds}, so a client sending the
 * same header on every request pays one hash, not one per request. Keyed by HMAC-SHA256 of the pair
 * under a key drawn at random when the process starts: the memory holds no password nor anything a
 * guess can be tested against offline. Only good pairs are kept, at most a few per user (bcrypt
 * reads 72 bytes, so longer variants of a password all match), so the bound is small and fixed.
 */
final class VerifiedPairs {
    private static final byte[] PROCESS_KEY = new byte[32];
    static {
        new SecureRandom().nextBytes(PROCESS_KEY); // nextBytes, not generateSeed: never waits on /dev/random at boot
    }

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PROCESS_KEY, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    });

    /** An HMAC of a pair: compared in constant time, like every other credential comparison here. */
    static final class Digest {
        private final byte[] bytes;
        private final int hash;

        private Digest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Entry(Identity identity, long expiresAt) {}

    private final Map<Digest, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    VerifiedPairs(int cacheSeconds, int users, LongSupplier nanoTime) {
        this.ttlNanos = TimeUnit.SECONDS.toNanos(cacheSeconds);
        this.maxEntries = 4 * users + 16;
        this.nanoTime = nanoTime;
    }

    static Digest digest(byte[] pair) {
        return new Digest(HMAC.get().doFinal(pair));
    }

    /** The identity of a pair checked good less than {@code cacheSeconds} ago, or null. */
    Identity get(Digest digest) {
        Entry entry = entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (nanoTime.getAsLong() - entry.expiresAt() >= 0) {
            entries.remove(digest, entry);
            return null;
        }
        return entry.identity();
    }

    void put(Digest digest, Identity identity) {
        if (ttlNanos == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> now - e.expiresAt() >= 0);
            if (entries.size() >= maxEntries) {
                return; // still full of live entries: hash again next time rather than grow
            }
        }
        entries.put(digest, new Entry(identity, now + ttlNanos));
    }
}
