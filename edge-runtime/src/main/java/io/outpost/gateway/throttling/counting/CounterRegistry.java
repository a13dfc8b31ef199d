package io.outpost.gateway.throttling.counting;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The counters that outlive a generation. A new generation (artifact or config reload) asks for
 * its policies' counters here: the same name and the same limit give back the same
 * {@link WindowCounters} (or {@link BurstLimiter}), so counts carry over a reload; a changed limit
 * starts afresh, as WSO2 does when a tier is edited. Asked for when a generation is built, never
 * on the request path.
 */
public final class CounterRegistry {
    private final int maxKeys;
    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<PolicyKey, WindowCounters> windows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<BurstKey, BurstLimiter> bursts = new ConcurrentHashMap<>();
    /** Counts read from a snapshot for policies no generation has asked for yet. */
    private final ConcurrentHashMap<PolicyKey, List<KeyCount>> restored = new ConcurrentHashMap<>();

    record PolicyKey(String name, WindowLimit limit) {}

    private record BurstKey(String name, long rate, long periodMillis) {}

    /** @param maxKeys the keys each policy tracks exactly; beyond them it counts approximately */
    public CounterRegistry(int maxKeys, LongSupplier clockMillis) {
        this.maxKeys = maxKeys;
        this.clockMillis = clockMillis;
    }

    public WindowCounters window(String name, WindowLimit limit) {
        PolicyKey key = new PolicyKey(name, limit);
        return windows.computeIfAbsent(key, k -> {
            WindowCounters counters = new WindowCounters(name, limit, maxKeys, clockMillis);
            List<KeyCount> kept = restored.remove(k);
            if (kept != null) {
                kept.forEach(counters::restore);
            }
            return counters;
        });
    }

    public BurstLimiter burst(String name, long rate, long periodMillis) {
        return bursts.computeIfAbsent(new BurstKey(name, rate, periodMillis),
                k -> new BurstLimiter(name, rate, periodMillis, maxKeys, clockMillis));
    }

    /**
     * Forgets the counters no current generation uses (a tier removed or changed), once the new
     * generation is in place; a generation still finishing its requests keeps its own references.
     */
    public void retainOnly(Collection<?> inUse) {
        Set<Object> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(inUse);
        windows.values().removeIf(c -> !kept.contains(c));
        bursts.values().removeIf(b -> !kept.contains(b));
    }

    /** The window counters in use, for snapshots and metrics. */
    public Collection<WindowCounters> windows() {
        return List.copyOf(windows.values());
    }

    public LongSupplier clock() {
        return clockMillis;
    }

    /**
     * Takes a snapshot's counts for one policy: into its counters if a generation already uses
     * them, else kept until one asks. Returns the keys whose window is still current. Called at
     * start, before traffic.
     */
    int restore(String name, WindowLimit limit, List<KeyCount> counts) {
        long window = limit.windowOf(clockMillis.getAsLong());
        List<KeyCount> current = counts.stream().filter(c -> c.window() == window).toList();
        if (current.isEmpty()) {
            return 0;
        }
        PolicyKey key = new PolicyKey(name, limit);
        WindowCounters existing = windows.get(key);
        if (existing != null) {
            current.forEach(existing::restore);
        } else {
            restored.put(key, current);
        }
        return current.size();
    }
}
