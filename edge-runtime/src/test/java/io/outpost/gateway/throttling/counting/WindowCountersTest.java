package io.outpost.gateway.throttling.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowCountersTest {
    private static final long MINUTE = 60_000;
    /** An instant inside a window, 10 s after it started. */
    private final AtomicLong clock = new AtomicLong(28_000_000 * MINUTE + 10_000);
    private final WindowCounters counters = new WindowCounters("resource:5PerMin", new WindowLimit(5, MINUTE), 100, clock::get);

    @Test
    void requestAfterTheLimitIsRefusedAndTheNextWindowStartsAfresh() {
        for (int i = 1; i <= 5; i++) {
            Admission a = counters.tryAcquire("app1", 1);
            assertTrue(a.admitted(), "request " + i);
            assertEquals(5 - i, a.remaining());
            assertEquals(50_000, a.resetMillis(), "the window ends 50 s on");
        }
        Admission sixth = counters.tryAcquire("app1", 1);
        assertFalse(sixth.admitted());
        assertEquals(0, sixth.remaining());
        assertEquals(5, sixth.limit());
        assertTrue(counters.tryAcquire("app2", 1).admitted(), "each key has its own count");

        clock.addAndGet(49_999);
        assertFalse(counters.tryAcquire("app1", 1).admitted(), "last milli of the window");
        clock.incrementAndGet();
        Admission next = counters.tryAcquire("app1", 1);
        assertTrue(next.admitted(), "a window aligned to the epoch (UTC) has begun");
        assertEquals(4, next.remaining());
        assertEquals(MINUTE, next.resetMillis());
    }

    @Test
    void aRefusedRequestConsumesNothing() {
        assertTrue(counters.tryAcquire("k", 3).admitted());
        Admission tooMany = counters.tryAcquire("k", 3);
        assertFalse(tooMany.admitted());
        assertEquals(2, tooMany.remaining(), "the refusal took none of the two left");
        assertTrue(counters.tryAcquire("k", 2).admitted());
        assertFalse(counters.tryAcquire("k", 1).admitted());
    }

    @Test
    void releaseGivesUnitsBackOnlyInTheSameWindow() {
        Admission a = counters.tryAcquire("k", 5);
        counters.release("k", 2, a.window());
        assertEquals(2, counters.tryAcquire("k", 0).remaining());
        clock.addAndGet(MINUTE);
        assertTrue(counters.tryAcquire("k", 5).admitted());
        counters.release("k", 5, a.window()); // a window that has ended: nothing to give back
        assertFalse(counters.tryAcquire("k", 1).admitted());
    }

    @Test
    void bandwidthCountsPastTheLimitAndRefusesTheNextRequest() {
        WindowCounters bytes = new WindowCounters("api:1kBPerMin", new WindowLimit(1000, MINUTE), 100, clock::get);
        assertTrue(bytes.check("app").admitted());
        bytes.add("app", 600);
        Admission room = bytes.check("app");
        assertTrue(room.admitted());
        assertEquals(400, room.remaining());
        bytes.add("app", 900); // the response that crosses completes
        Admission full = bytes.check("app");
        assertFalse(full.admitted(), "the next request is refused");
        assertEquals(0, full.remaining());
        assertTrue(bytes.check("other").admitted());
        assertEquals(1, bytes.size(), "a check alone adds no key");
        clock.addAndGet(MINUTE);
        assertTrue(bytes.check("app").admitted(), "a new window");
    }

    @Test
    void thirtyTwoThreadsOnOneKeyAdmitExactlyTheLimit() throws Exception {
        long limit = 10_000;
        WindowCounters shared = new WindowCounters("hot", new WindowLimit(limit, MINUTE), 100, clock::get);
        assertEquals(limit, race(32, 1_000, t -> shared.tryAcquire("one-key", 1).admitted()));
        assertFalse(shared.tryAcquire("one-key", 1).admitted());
    }

    @Test
    void thirtyTwoThreadsOnManyKeysAdmitExactlyTheLimitEach() throws Exception {
        WindowCounters shared = new WindowCounters("many", new WindowLimit(50, MINUTE), 1_000, clock::get);
        // 32 threads × 2,000 attempts over 64 keys: 1,000 attempts a key, 50 of them admitted.
        assertEquals(64 * 50, race(32, 2_000, i -> shared.tryAcquire("key" + (i % 64), 1).admitted()));
        assertEquals(64, shared.size());
    }

    interface Attempt {
        boolean admitted(int i);
    }

    /** Starts {@code threads} at once (a barrier, no sleeps), each making {@code attempts}; counts admissions. */
    static long race(int threads, int attempts, Attempt attempt) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> admitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                admitted.add(pool.submit(() -> {
                    start.await();
                    long n = 0;
                    for (int i = 0; i < attempts; i++) {
                        n += attempt.admitted(i + offset) ? 1 : 0;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : admitted) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
