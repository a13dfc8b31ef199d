package io.outpost.common.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final long interval = TimeUnit.SECONDS.toNanos(30);

    @Test
    void firstLineAtOnceThenOnePerIntervalWithTheCountHeldBack() {
        WarningLimiter limiter = new WarningLimiter(now::get, interval);
        assertTrue(limiter.due());
        assertEquals("backend down", limiter.line("backend down"));
        for (int i = 0; i < 999; i++) {
            assertFalse(limiter.due());
        }
        now.addAndGet(interval - 1);
        assertFalse(limiter.due());
        now.addAndGet(1);
        assertTrue(limiter.due());
        assertEquals("backend down (1000 more suppressed)", limiter.line("backend down"));
        now.addAndGet(interval * 5);
        assertTrue(limiter.due());
        assertEquals("backend down", limiter.line("backend down"));
    }

    @Test
    void keysAreLimitedApartAndTheTableIsBounded() {
        OperatorWarnings warnings = new OperatorWarnings(now::get, interval);
        assertTrue(warnings.limiter("a").due());
        assertTrue(warnings.limiter("b").due());
        assertFalse(warnings.limiter("a").due());
        assertSame(warnings.limiter("a"), warnings.limiter("a"));
        for (int i = 0; i < OperatorWarnings.MAX_KEYS + 10; i++) {
            warnings.limiter("k" + i);
        }
        assertSame(warnings.limiter("another"), warnings.limiter("one too many"));
    }

    @Test
    void clockWrapIsHandledByDifferenceNotComparison() {
        now.set(Long.MAX_VALUE - 10);
        WarningLimiter limiter = new WarningLimiter(now::get, interval);
        assertTrue(limiter.due());
        now.addAndGet(interval); // overflows past Long.MAX_VALUE
        assertTrue(limiter.due());
    }
}
