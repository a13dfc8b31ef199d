package io.outpost.gateway.throttling.counting;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One key's units in one window. A new window gets a new slot (swapped into the key's
 * {@link Entry} by CAS) rather than a reset of the old one, so the window and its count change
 * together without a lock: a thread still holding last window's slot counts into last window.
 */
@SuppressWarnings("serial") // never serialised
final class Slot extends AtomicLong {
    /** Marks an entry the sweeper has removed: whoever reads it looks the key up again. */
    static final Slot DEAD = new Slot(Long.MIN_VALUE, 0);

    final long window;

    Slot(long window, long used) {
        super(used);
        this.window = window;
    }

    /**
     * Adds {@code units} if the count stays within {@code limit}: the count after (≥ 0), or
     * {@code ~count} (negative) when refused, counting nothing.
     */
    long tryAdd(long units, long limit) {
        for (;;) {
            long used = get();
            if (units > limit - used) {
                return ~used;
            }
            if (compareAndSet(used, used + units)) {
                return used + units;
            }
        }
    }

    /** Gives units back, never below zero. */
    void subtract(long units) {
        for (;;) {
            long used = get();
            if (compareAndSet(used, Math.max(0, used - units))) {
                return;
            }
        }
    }
}
