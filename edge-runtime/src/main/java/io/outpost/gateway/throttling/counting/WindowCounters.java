package io.outpost.gateway.throttling.counting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One policy's counters (e.g. "resource:10kPerMin"), shared by all event loops: exact fixed
 * windows for up to {@code maxKeys} keys, and a count-min sketch ({@link OverflowSketch}) for
 * the keys beyond, so a flood of distinct keys costs bounded memory and never hands an
 * overflowed client a fresh allowance (docs/throttling.md, "How counting works").
 * <p>
 * Lock-free on the request path: a lookup in a ConcurrentHashMap, a CAS on the key's count, a CAS
 * of a new slot when the key's window rolls. Entries of past windows are swept out when the table
 * is full, at most once per window; live entries are never evicted, so their counts stay exact.
 */
public final class WindowCounters {
    private final String name;
    private final WindowLimit limit;
    private final int maxKeys;
    private final LongSupplier clockMillis;
    private final ConcurrentHashMap<String, Entry> table;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong sweptWindow = new AtomicLong(Long.MIN_VALUE);
    private final OverflowSketch overflow;
    private final LongAdder overflowed = new LongAdder();

    public WindowCounters(String name, WindowLimit limit, int maxKeys, LongSupplier clockMillis) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
        }
        this.name = name;
        this.limit = limit;
        this.maxKeys = maxKeys;
        this.clockMillis = clockMillis;
        this.table = new ConcurrentHashMap<>(Math.min(maxKeys, 1 << 16));
        this.overflow = new OverflowSketch(maxKeys);
    }

    /** Admits only if the key's units in this window stay within the limit; a refusal counts nothing. */
    public Admission tryAcquire(String key, long units) {
        checkUnits(units);
        long now = clockMillis.getAsLong();
        long window = limit.windowOf(now);
        Slot slot = slot(key, window);
        if (slot == null) {
            overflowed.increment();
            return decided(overflow.tryAdd(key, window, units, limit.limit()), window, now);
        }
        return decided(slot.tryAdd(units, limit.limit()), slot.window, now);
    }

    /** Gives back units a later level's refusal left unused, if {@code window} is still the key's. */
    public void release(String key, long units, long window) {
        checkUnits(units);
        Entry entry = table.get(key);
        Slot slot = entry == null ? null : entry.slot();
        if (slot != null && slot.window == window) {
            slot.subtract(units);
        } else if (slot == null || slot == Slot.DEAD) {
            overflow.subtract(key, window, units);
        }
    }

    /** Bandwidth: admitted while the key's units are below the limit; consumes nothing. */
    public Admission check(String key) {
        long now = clockMillis.getAsLong();
        long window = limit.windowOf(now);
        Entry entry = table.get(key);
        Slot slot = entry == null ? null : entry.slot();
        if (slot != null && slot.window >= window) {
            window = slot.window;
        }
        long used = slot != null && slot.window == window ? slot.get() : overflow.estimate(key, window);
        return decided(used < limit.limit() ? used : ~used, window, now);
    }

    /** Bandwidth: counts bytes as they stream, past the limit if need be (the crossing response completes). */
    public void add(String key, long units) {
        checkUnits(units);
        long window = limit.windowOf(clockMillis.getAsLong());
        Slot slot = slot(key, window);
        if (slot == null) {
            overflowed.increment();
            overflow.add(key, window, units);
        } else {
            slot.addAndGet(units);
        }
    }

    public WindowLimit limit() {
        return limit;
    }

    public String name() {
        return name;
    }

    /** Keys in the table (at most maxKeys); overflowed keys are not among them. */
    public int size() {
        return size.get();
    }

    /** Decisions and additions counted in the overflow sketch since start, for the metrics. */
    public long overflowed() {
        return overflowed.sum();
    }

    /** The counts of the current window, for a snapshot. */
    List<KeyCount> counts() {
        long window = limit.windowOf(clockMillis.getAsLong());
        List<KeyCount> counts = new ArrayList<>();
        for (Map.Entry<String, Entry> e : table.entrySet()) {
            Slot slot = e.getValue().slot();
            long used = slot.get();
            if (slot.window == window && used > 0) {
                counts.add(new KeyCount(e.getKey(), window, used));
            }
        }
        return counts;
    }

    /** Adds counts kept from before a restart; false (nothing added) if their window has ended. */
    boolean restore(KeyCount count) {
        long window = limit.windowOf(clockMillis.getAsLong());
        if (count.window() != window) {
            return false;
        }
        Slot slot = slot(count.key(), window);
        if (slot == null) {
            overflow.add(count.key(), window, count.used());
        } else {
            slot.addAndGet(count.used());
        }
        return true;
    }

    /** The key's slot for {@code window} (or a later one, if the clock stepped back); null: overflow. */
    private Slot slot(String key, long window) {
        for (;;) {
            Entry entry = table.get(key);
            if (entry == null && (entry = insert(key, window)) == null) {
                return null;
            }
            Slot slot = entry.slot();
            if (slot.window >= window) {
                return slot;
            }
            if (slot != Slot.DEAD && entry.replace(slot, new Slot(window, 0))) {
                continue; // read it back: another thread may have won with its own new slot
            }
        }
    }

    private Entry insert(String key, long window) {
        if (!reserve() && !(sweep(window) && reserve())) {
            return null;
        }
        // A key that overflowed earlier in this window starts from its sketch count, not from zero.
        Entry fresh = new Entry(new Slot(window, overflow.estimate(key, window)));
        Entry raced = table.putIfAbsent(key, fresh);
        if (raced != null) {
            size.decrementAndGet();
            return raced;
        }
        return fresh;
    }

    private boolean reserve() {
        if (size.incrementAndGet() <= maxKeys) {
            return true;
        }
        size.decrementAndGet();
        return false;
    }

    /**
     * Drops entries of past windows (their counts no longer matter), once per window and by one
     * thread: after it, every entry left is live, so no later sweep in this window could free one.
     * An entry is marked DEAD by CAS before it leaves, so a concurrent count on it either lands
     * first (and the entry stays) or sees DEAD and looks the key up again.
     */
    private boolean sweep(long window) {
        long last = sweptWindow.get();
        if (last >= window || !sweptWindow.compareAndSet(last, window)) {
            return false;
        }
        boolean freed = false;
        for (Map.Entry<String, Entry> e : table.entrySet()) {
            Entry entry = e.getValue();
            Slot slot = entry.slot();
            if (slot != Slot.DEAD && slot.window < window && entry.replace(slot, Slot.DEAD)) {
                table.remove(e.getKey(), entry);
                size.decrementAndGet();
                freed = true;
            }
        }
        return freed;
    }

    private Admission decided(long outcome, long window, long now) {
        boolean admitted = outcome >= 0;
        long used = admitted ? outcome : ~outcome;
        return new Admission(admitted, limit.limit(), Math.max(0, limit.limit() - used),
                limit.millisLeft(window, now), window);
    }

    private static void checkUnits(long units) {
        if (units < 0) {
            throw new IllegalArgumentException("units must be 0 or more, was " + units);
        }
    }
}
