package io.outpost.gateway.throttling.counting;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a policy counts the keys its table has no room for: a count-min sketch of the current
 * window. Every key adds its units to one cell in each of {@link #DEPTH} rows and its count is
 * the smallest of those cells; other keys falling into the same cells only add, so the count
 * never falls below the key's true use and an overflowed client never gets a fresh allowance.
 * It may over-count (by about total overflow units ÷ width, in expectation): under a flood, a
 * client without a table entry may be refused early, which is the price of bounded memory.
 * <p>
 * The cells are allocated on the first overflow of a window and replaced, not cleared, when the
 * window rolls: windows are aligned, so one sketch serves every key of the window, and a new array
 * avoids racing a reset against concurrent adds.
 */
final class OverflowSketch {
    static final int DEPTH = 4;

    private final int width;
    private final long seed = KeyHash.seed();
    private final AtomicReference<Cells> current = new AtomicReference<>();

    private record Cells(long window, AtomicLongArray counts) {}

    OverflowSketch(int maxKeys) {
        this.width = KeyHash.powerOfTwoAtLeast(maxKeys);
    }

    /** Bytes of one window's cells. */
    long bytes() {
        return (long) DEPTH * width * Long.BYTES;
    }

    /**
     * Adds {@code units} if the key's count stays within {@code limit}: returns the count after
     * (≥ 0), or {@code ~count} (negative) when refused, having given the units back. Adding first
     * and checking after makes concurrent callers see each other's units.
     */
    long tryAdd(String key, long window, long units, long limit) {
        Cells cells = cells(window, true);
        long hash = KeyHash.hash(key, seed);
        long after = add(cells, hash, units);
        if (after <= limit) {
            return after;
        }
        add(cells, hash, -units);
        return ~(after - units);
    }

    /** Adds unconditionally; returns the key's count after. */
    long add(String key, long window, long units) {
        return add(cells(window, true), KeyHash.hash(key, seed), units);
    }

    /** Gives back units added in {@code window}; nothing if the window has rolled since. */
    void subtract(String key, long window, long units) {
        Cells cells = current.get();
        if (cells != null && cells.window == window) {
            add(cells, KeyHash.hash(key, seed), -units);
        }
    }

    private long add(Cells cells, long hash, long units) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < DEPTH; i++) {
            min = Math.min(min, cells.counts.addAndGet(i * width + KeyHash.index(hash, i, width - 1), units));
        }
        return min;
    }

    /** The key's count in {@code window}: 0 if nothing overflowed in it. */
    long estimate(String key, long window) {
        Cells cells = cells(window, false);
        if (cells == null) {
            return 0;
        }
        long hash = KeyHash.hash(key, seed);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < DEPTH; i++) {
            min = Math.min(min, cells.counts.get(i * width + KeyHash.index(hash, i, width - 1)));
        }
        return min;
    }

    private Cells cells(long window, boolean create) {
        for (;;) {
            Cells cells = current.get();
            if (cells != null && cells.window >= window) {
                // A later window means the clock stepped back: count there, never in a fresh one.
                return cells;
            }
            if (!create) {
                return null;
            }
            Cells fresh = new Cells(window, new AtomicLongArray(DEPTH * width));
            if (current.compareAndSet(cells, fresh)) {
                return fresh;
            }
        }
    }
}
