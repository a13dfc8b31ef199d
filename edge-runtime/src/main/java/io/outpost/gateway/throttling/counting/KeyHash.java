package io.outpost.gateway.throttling.counting;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A seeded 64-bit hash of a key's characters, for the overflow cells. Not {@code String.hashCode}:
 * that function is public, so a client choosing its spoofed keys could aim them all at a victim's
 * cells and get the victim refused; with a per-process random seed it cannot know where they fall.
 */
final class KeyHash {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private KeyHash() {}

    static long seed() {
        return ThreadLocalRandom.current().nextLong();
    }

    static long hash(String key, long seed) {
        long h = seed ^ key.length();
        for (int i = 0; i < key.length(); i++) {
            h = Long.rotateLeft((h ^ key.charAt(i)) * MIX, 27);
        }
        // MurmurHash3's finaliser: every input bit reaches every output bit.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The i-th of several cell indices from one hash (Kirsch–Mitzenmacher double hashing). */
    static int index(long hash, int i, int mask) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        return (h1 + i * h2) & mask;
    }

    /** The smallest power of two ≥ n (at least 64). */
    static int powerOfTwoAtLeast(int n) {
        return Math.max(64, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
    }
}
