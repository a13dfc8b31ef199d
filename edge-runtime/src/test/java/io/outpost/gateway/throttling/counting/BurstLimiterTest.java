package io.outpost.gateway.throttling.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BurstLimiterTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    @Test
    void aFullBurstThenExactSpacing() {
        BurstLimiter tenPerSecond = new BurstLimiter("Gold:burst", 10, 1_000, 100, clock::get);
        for (int i = 1; i <= 10; i++) {
            Admission a = tenPerSecond.tryAcquire("app");
            assertTrue(a.admitted(), "request " + i + " of the burst");
            assertEquals(10 - i, a.remaining());
        }
        Admission refused = tenPerSecond.tryAcquire("app");
        assertFalse(refused.admitted());
        assertEquals(100, refused.resetMillis(), "one interval (1 s ÷ 10) until the next may come");
        clock.addAndGet(99);
        assertFalse(tenPerSecond.tryAcquire("app").admitted());
        clock.addAndGet(1);
        assertTrue(tenPerSecond.tryAcquire("app").admitted());
        assertFalse(tenPerSecond.tryAcquire("app").admitted(), "one per interval once the burst is spent");
        clock.addAndGet(1_000);
        assertEquals(9, tenPerSecond.tryAcquire("app").remaining(), "a quiet period makes the burst whole");
    }

    @Test
    void atMostTheBurstPlusTheRateInAnySpan() {
        BurstLimiter limiter = new BurstLimiter("b", 10, 1_000, 100, clock::get);
        int[] admittedAt = new int[3_000];
        int total = 0;
        for (int ms = 0; ms < 3_000; ms++) {
            admittedAt[ms] = limiter.tryAcquire("k").admitted() ? 1 : 0;
            total += admittedAt[ms];
            clock.incrementAndGet();
        }
        assertEquals(10 + 29, total, "the burst in the first 10 ms, then one each 100 ms");
        for (int from = 0; from + 1_000 <= 3_000; from++) {
            int sum = 0;
            for (int ms = from; ms < from + 1_000; ms++) {
                sum += admittedAt[ms];
            }
            assertTrue(sum <= 10 + 9, sum + " admitted in the second from " + from + " ms");
            assertTrue(from < 10 || sum <= 10, "once the burst is spent (0–9 ms), the rate: " + sum + " from " + from + " ms");
        }
    }

    @Test
    void aBurstOfOneSpacesEveryRequest() {
        BurstLimiter strict = new BurstLimiter("b", 4, 1_000, 1, 100, clock::get);
        assertTrue(strict.tryAcquire("k").admitted());
        assertFalse(strict.tryAcquire("k").admitted());
        clock.addAndGet(250);
        assertTrue(strict.tryAcquire("k").admitted());
    }

    @Test
    void thirtyTwoThreadsOnOneKeyAdmitExactlyTheBurst() throws Exception {
        BurstLimiter limiter = new BurstLimiter("b", 500, 60_000, 100, clock::get);
        assertEquals(500, WindowCountersTest.race(32, 100, i -> limiter.tryAcquire("hot").admitted()));
    }

    @Test
    void keysBeyondTheTableNeverGetMoreThanTheirOwnRate() {
        BurstLimiter limiter = new BurstLimiter("b", 5, 1_000, 64, clock::get);
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("flood-" + i);
        }
        assertEquals(64, limiter.size());
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += limiter.tryAcquire("late").admitted() ? 1 : 0;
        }
        assertTrue(admitted <= 5, admitted + " admitted");
        clock.addAndGet(1_000);
        assertTrue(limiter.tryAcquire("late").admitted(), "a period later the table has room: keys that caught up are swept");
        assertTrue(limiter.size() <= 64);
    }
}
