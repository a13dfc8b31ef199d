package io.outpost.gateway.security.introspection;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The key manager's recent answers by the SHA-256 of the token, at most {@code capacity} of them.
 * When an insert finds it full, the answers past their time go, then arbitrary ones until a quarter
 * is free (as the JWT cache does), so eviction runs once per capacity/4 calls, never on a hit.
 */
final class AnswerCache {
    private record Entry(Answer answer, long untilNanos) {}

    private final Map<TokenDigest, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongSupplier nanoTime;

    AnswerCache(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /** The answer kept for this token, or null. */
    Answer get(TokenDigest digest) {
        Entry entry = entries.get(digest);
        if (entry == null) {
            return null;
        }
        if (entry.untilNanos - nanoTime.getAsLong() <= 0) {
            entries.remove(digest, entry);
            return null;
        }
        return entry.answer;
    }

    /** Keeps {@code answer} for {@code seconds} (nothing when 0 or the cache holds nothing). */
    void put(TokenDigest digest, Answer answer, long seconds) {
        if (seconds <= 0 || capacity == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (entries.size() >= capacity) {
            evict(now);
        }
        entries.put(digest, new Entry(answer, now + seconds * 1_000_000_000L));
    }

    private synchronized void evict(long now) {
        if (entries.size() < capacity) {
            return; // another thread made room
        }
        entries.values().removeIf(e -> e.untilNanos - now <= 0);
        Iterator<TokenDigest> it = entries.keySet().iterator();
        while (entries.size() > capacity * 3 / 4 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    int size() {
        return entries.size();
    }
}
