package io.outpost.gateway.throttling.counting;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What one throttling decision costs on the event loop: a hot key, 100k distinct keys all in the
 * table, and 100k keys through a table of 10k (nine in ten decided by the overflow sketch), with
 * the wall clock the gateway uses. Limits are high enough never to refuse, so every call takes
 * the full admitting path. Run with {@code edge-runtime/jmh.sh ThrottleDecision -prof gc} and read
 * {@code gc.alloc.rate.norm} (B/op). Built only with {@code -Pjmh}.
 */
@State(Scope.Benchmark)
public class ThrottleDecisionBenchmark {
    private static final int KEYS = 100_000;
    private static final WindowLimit NEVER_REFUSES = new WindowLimit(Long.MAX_VALUE, 60_000);

    private final String[] keys = new String[KEYS];
    private WindowCounters hot;
    private WindowCounters distinct;
    private WindowCounters overflowing;
    private BurstLimiter burst;

    /** Each thread walks the keys from its own position. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String key(String[] keys) {
            int i = next;
            next = i + 1 == keys.length ? 0 : i + 1;
            return keys[i];
        }
    }

    @Setup
    public void setUp() {
        for (int i = 0; i < KEYS; i++) {
            // Client addresses, as the Unauthenticated tier keys them: pre-built, so no String is made per call.
            keys[i] = "10." + (i >>> 16) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
        }
        hot = new WindowCounters("hot", NEVER_REFUSES, 10_000, System::currentTimeMillis);
        distinct = new WindowCounters("distinct", NEVER_REFUSES, 2 * KEYS, System::currentTimeMillis);
        overflowing = new WindowCounters("overflowing", NEVER_REFUSES, 10_000, System::currentTimeMillis);
        // A billion a second: the TAT moves 1 ns a call, never ahead of the clock by the tolerance.
        burst = new BurstLimiter("burst", 1_000_000_000, 1_000, 10_000, System::currentTimeMillis);
        for (String key : keys) {
            distinct.tryAcquire(key, 1);
            overflowing.tryAcquire(key, 1);
        }
    }

    @Benchmark
    public Admission hotKey() {
        return hot.tryAcquire("app-1:/pizzashack/1.0.0", 1);
    }

    /** Both event loops of a 2-core device on the same key: the CAS contended. */
    @Benchmark
    @Threads(2)
    public Admission hotKeyTwoThreads() {
        return hotKey();
    }

    @Benchmark
    public Admission distinctKeys(Cursor c) {
        return distinct.tryAcquire(c.key(keys), 1);
    }

    @Benchmark
    public Admission distinctKeysOverflowing(Cursor c) {
        return overflowing.tryAcquire(c.key(keys), 1);
    }

    @Benchmark
    public Admission burstHotKey() {
        return burst.tryAcquire("app-1");
    }
}
