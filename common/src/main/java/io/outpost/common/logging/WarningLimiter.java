package io.outpost.common.logging;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one line per interval for one kind of trouble, counting what it held back. Two atomics and
 * no allocation when a line is not due, so a failure repeated by every request of a burst costs
 * next to nothing and fills no disk.
 */
public final class WarningLimiter {
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final AtomicLong nextDue;
    private final AtomicLong suppressed = new AtomicLong();

    public WarningLimiter(LongSupplier nanoClock, long intervalNanos) {
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
        this.nextDue = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Whether a line is due now. When it is not, the occurrence is counted as suppressed; when it is,
     * {@link #takeSuppressed()} says how many were held back since the last line.
     */
    public boolean due() {
        long now = nanoClock.getAsLong();
        long next = nextDue.get();
        if (now - next >= 0 && nextDue.compareAndSet(next, now + intervalNanos)) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    /** The occurrences held back since the last line written, and starts counting again. */
    public long takeSuppressed() {
        return suppressed.getAndSet(0);
    }

    /** The line as written: the message and, when some were held back, how many. */
    public String line(String message) {
        long held = takeSuppressed();
        return held == 0 ? message : message + " (" + held + " more suppressed)";
    }
}
