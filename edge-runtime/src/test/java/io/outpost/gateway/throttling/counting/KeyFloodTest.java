package io.outpost.gateway.throttling.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A million spoofed client addresses through one policy: memory stays bounded, heavy hitters stay limited. */
class KeyFloodTest {
    private static final long MINUTE = 60_000;
    private static final int MAX_KEYS = 10_000;
    private final AtomicLong clock = new AtomicLong(28_000_000 * MINUTE);

    private WindowCounters perAddress(long limit) {
        return new WindowCounters("subscription:Unauthenticated", new WindowLimit(limit, MINUTE), MAX_KEYS, clock::get);
    }

    private static String address(int i) {
        return "10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff) + ":" + (i >>> 24);
    }

    /**
     * The bound: a table entry (map node, entry, slot, the key String of ~15 characters) is about
     * 150 B, so 10,000 keys take ~1.5 MB, plus the overflow sketch (4 × 16,384 longs = 512 KB) and
     * the map's bucket array: ~2.5 MB measured. 10 MB leaves room for measuring noise and is still
     * a fifteenth of the ~150 MB a million tracked keys would take.
     */
    @Test
    void aMillionDistinctKeysStayWithinTheCap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        WindowCounters counters = perAddress(100);
        for (int i = 0; i < 1_000_000; i++) {
            assertTrue(counters.tryAcquire(address(i), 1).admitted() || i >= MAX_KEYS);
        }
        long grown = usedHeapAfterGc(memory) - before;
        Reference.reachabilityFence(counters);
        System.err.printf("1,000,000 keys, maxKeys %,d: heap grew %,d bytes; %,d keys tracked, %,d decisions in the sketch%n",
                MAX_KEYS, grown, counters.size(), counters.overflowed());
        assertEquals(MAX_KEYS, counters.size());
        assertEquals(1_000_000 - MAX_KEYS, counters.overflowed());
        assertTrue(grown < 10 * 1024 * 1024, "heap grew by " + grown + " bytes");
    }

    @Test
    void aHeavyHitterTrackedBeforeTheFloodIsStillRefusedAfterTheLimit() {
        WindowCounters counters = perAddress(100);
        for (int i = 0; i < 60; i++) {
            assertTrue(counters.tryAcquire("heavy", 1).admitted());
        }
        flood(counters);
        for (int i = 0; i < 40; i++) {
            assertTrue(counters.tryAcquire("heavy", 1).admitted(), "tracked keys stay exact: request " + (61 + i));
        }
        assertFalse(counters.tryAcquire("heavy", 1).admitted());
    }

    @Test
    void aHeavyHitterThatOverflowedNeverGetsMoreThanTheLimit() {
        WindowCounters counters = perAddress(100);
        flood(counters);
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            admitted += counters.tryAcquire("heavy", 1).admitted() ? 1 : 0;
        }
        System.err.printf("an overflowed key after the flood: %d of limit 100 admitted%n", admitted);
        assertTrue(admitted <= 100, admitted + " admitted");
        assertFalse(counters.tryAcquire("heavy", 1).admitted());
        assertEquals(MAX_KEYS, counters.size(), "it never got a table entry");
    }

    @Test
    void aKeyWhoseWindowEndedMakesRoomAndCountsAfresh() {
        WindowCounters counters = perAddress(3);
        for (int i = 0; i < MAX_KEYS; i++) {
            counters.tryAcquire(address(i), 3);
        }
        clock.addAndGet(MINUTE);
        // The table is full of last minute's keys: the first new key sweeps them out.
        for (int i = MAX_KEYS; i < 2 * MAX_KEYS; i++) {
            assertTrue(counters.tryAcquire(address(i), 3).admitted());
        }
        assertEquals(0, counters.overflowed(), "no key had to overflow");
        assertEquals(MAX_KEYS, counters.size());
        assertTrue(counters.tryAcquire(address(0) + "x", 1).admitted(), "a key beyond the table, in the sketch");
        assertFalse(counters.tryAcquire(address(MAX_KEYS), 1).admitted(), "tracked keys still exact");
    }

    /** A million other keys with one request each: the table fills, the rest goes to the sketch. */
    private static void flood(WindowCounters counters) {
        for (int i = 0; i < 1_000_000; i++) {
            counters.tryAcquire(address(i), 1);
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
