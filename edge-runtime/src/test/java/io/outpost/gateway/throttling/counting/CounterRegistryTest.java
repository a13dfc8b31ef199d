package io.outpost.gateway.throttling.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CounterRegistryTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final CounterRegistry registry = new CounterRegistry(1_000, clock::get);

    @Test
    void aNewGenerationKeepingThePolicyKeepsItsCounts() {
        WindowLimit tenPerMin = new WindowLimit(10, 60_000);
        WindowCounters first = registry.window("resource:10PerMin", tenPerMin);
        first.tryAcquire("app", 10);
        WindowCounters reloaded = registry.window("resource:10PerMin", new WindowLimit(10, 60_000));
        assertSame(first, reloaded);
        assertFalse(reloaded.tryAcquire("app", 1).admitted(), "the count carried over");

        WindowCounters changed = registry.window("resource:10PerMin", new WindowLimit(20, 60_000));
        assertNotSame(first, changed, "a changed limit starts afresh");
        assertEquals(20, changed.tryAcquire("app", 1).remaining() + 1);
        assertSame(registry.burst("Gold", 10, 1_000), registry.burst("Gold", 10, 1_000));
    }

    @Test
    void countersNoGenerationUsesAreForgotten() {
        WindowCounters kept = registry.window("a", new WindowLimit(1, 60_000));
        registry.window("b", new WindowLimit(1, 60_000));
        BurstLimiter burst = registry.burst("a", 1, 1_000);
        registry.retainOnly(List.of(kept));
        assertEquals(List.of(kept), registry.windows());
        assertNotSame(burst, registry.burst("a", 1, 1_000));
    }
}
