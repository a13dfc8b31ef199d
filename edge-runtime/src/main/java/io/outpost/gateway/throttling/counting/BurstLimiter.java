package io.outpost.gateway.throttling.counting;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Burst control (spike arrest) for one tier: at most {@code rate} requests per {@code period},
 * spaced by GCRA ({@link Gcra}) rather than a token bucket: one CAS'd long per key instead of a
 * token count and a last-refill time that must change together, no refill thread, and exact
 * spacing once a burst is spent. By default a key may send {@code rate} requests at once (a full
 * period's worth), then one per period ÷ rate: in any span t at most burst + t ÷ interval, so at
 * most 2 × rate − 1 in any one period, and the rate over time. That is the envelope of WSO2's own
 * burst control (a fixed window of one period lets 2 × rate through across a window's edge),
 * without the edge: after a burst, requests are spaced, not let through in a clump at the edge.
 * <p>
 * Bounded like {@link WindowCounters}: up to {@code maxKeys} keys in a table; a key whose TAT has
 * passed holds nothing and is swept out when room is needed; the keys beyond go to shared cells
 * ({@link OverflowSketch}'s layout, one TAT per cell): a key is admitted only if the least loaded
 * of its cells admits it and every one of its cells is moved on, so each cell runs at least as
 * late as the key's own TAT would and an overflowed key never gets more than its own rate.
 */
public final class BurstLimiter {
    private static final long DEAD = Long.MIN_VALUE;

    private final String name;
    private final Gcra gcra;
    private final int maxKeys;
    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<String, AtomicLong> table;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);
    private final int width;
    private final long seed = KeyHash.seed();
    private final AtomicReference<AtomicLongArray> overflow = new AtomicReference<>();

    /** With a burst of {@code rate}: the whole period's allowance may come at once. */
    public BurstLimiter(String name, long rate, long periodMillis, int maxKeys, LongSupplier clockMillis) {
        this(name, rate, periodMillis, rate, maxKeys, clockMillis);
    }

    /** {@code burst}: requests admitted back to back before spacing starts (1: strict spacing). */
    public BurstLimiter(String name, long rate, long periodMillis, long burst, int maxKeys, LongSupplier clockMillis) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
        }
        this.name = name;
        this.gcra = Gcra.of(rate, periodMillis, burst);
        this.maxKeys = maxKeys;
        this.clockMillis = clockMillis;
        this.table = new ConcurrentHashMap<>(Math.min(maxKeys, 1 << 16));
        this.width = KeyHash.powerOfTwoAtLeast(maxKeys);
    }

    public Admission tryAcquire(String key) {
        long now = Math.multiplyExact(clockMillis.getAsLong(), 1_000_000L);
        for (;;) {
            AtomicLong tat = table.get(key);
            if (tat == null && (tat = insert(key, now)) == null) {
                return overflowed(key, now);
            }
            long t = tat.get();
            if (t == DEAD) {
                continue; // swept meanwhile: look the key up again
            }
            long start = Gcra.start(t, now);
            if (!gcra.admits(start, now)) {
                return gcra.decided(false, start, now);
            }
            if (tat.compareAndSet(t, start + gcra.interval())) {
                return gcra.decided(true, start, now);
            }
        }
    }

    public String name() {
        return name;
    }

    public int size() {
        return size.get();
    }

    private AtomicLong insert(String key, long now) {
        if (size.incrementAndGet() > maxKeys) {
            size.decrementAndGet();
            if (!sweep(now) || size.incrementAndGet() > maxKeys) {
                return null;
            }
        }
        AtomicLong fresh = new AtomicLong(now);
        AtomicLong raced = table.putIfAbsent(key, fresh);
        if (raced != null) {
            size.decrementAndGet();
            return raced;
        }
        return fresh;
    }

    /** Drops keys whose TAT has passed (a fresh key is the same), at most once per burst span. */
    private boolean sweep(long now) {
        long due = nextSweep.get();
        if (now < due || !nextSweep.compareAndSet(due, now + gcra.tolerance() + gcra.interval())) {
            return false;
        }
        boolean freed = false;
        for (var e : table.entrySet()) {
            AtomicLong tat = e.getValue();
            long t = tat.get();
            if (t != DEAD && t <= now && tat.compareAndSet(t, DEAD)) {
                table.remove(e.getKey(), tat);
                size.decrementAndGet();
                freed = true;
            }
        }
        return freed;
    }

    private Admission overflowed(String key, long now) {
        AtomicLongArray cells = overflowCells();
        long hash = KeyHash.hash(key, seed);
        long start = Long.MAX_VALUE;
        for (int i = 0; i < OverflowSketch.DEPTH; i++) {
            start = Math.min(start, Gcra.start(cells.get(cell(hash, i)), now));
        }
        if (!gcra.admits(start, now)) {
            return gcra.decided(false, start, now);
        }
        for (int i = 0; i < OverflowSketch.DEPTH; i++) {
            int cell = cell(hash, i);
            long t;
            do {
                t = cells.get(cell);
            } while (!cells.compareAndSet(cell, t, Gcra.start(t, now) + gcra.interval()));
        }
        return gcra.decided(true, start, now);
    }

    private int cell(long hash, int row) {
        return row * width + KeyHash.index(hash, row, width - 1);
    }

    /** Allocated on the first overflow: a limiter that never fills its table never pays for them. */
    private AtomicLongArray overflowCells() {
        AtomicLongArray cells = overflow.get();
        if (cells == null) {
            overflow.compareAndSet(null, new AtomicLongArray(OverflowSketch.DEPTH * width));
            cells = overflow.get();
        }
        return cells;
    }
}
