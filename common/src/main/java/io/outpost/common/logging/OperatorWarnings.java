package io.outpost.common.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings an operator needs (a backend unreachable, a circuit opening, journaling paused, an update
 * refused, a certificate near expiry, a reload refused), each kind at most once per 30 s: the first
 * line at once, then "N more suppressed" on the next one. Keys name the kind and the thing, e.g.
 * {@code "backend-unreachable 10.0.0.5:8080"}; the same key from anywhere shares one limit.
 *
 * <p>Use {@link #warn(String, String)} where the line is rare (start, reload, an update), or hold a
 * {@link WarningLimiter} from {@link #limiter(String)} where it may repeat per request and build
 * the message only when {@link WarningLimiter#due()}.
 */
public final class OperatorWarnings {
    public static final long INTERVAL_SECONDS = 30;
    /** More distinct keys than this share one limit: a key built from request data can never grow the table. */
    static final int MAX_KEYS = 4096;
    private static final OperatorWarnings SHARED = new OperatorWarnings(System::nanoTime,
            TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS));

    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, WarningLimiter> limiters = new ConcurrentHashMap<>();
    private final WarningLimiter overflow;

    OperatorWarnings(LongSupplier nanoClock, long intervalNanos) {
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
        this.overflow = new WarningLimiter(nanoClock, intervalNanos);
    }

    /** The process's warnings. */
    public static OperatorWarnings shared() {
        return SHARED;
    }

    /** Logs {@code message} under the area logger of {@code OperatorWarnings} (area "operator"), rate-limited by key. */
    public static void warn(String key, String message) {
        SHARED.warn(Operator.LOG, key, message);
    }

    /** Logs {@code message} at warn under {@code log} (its area), rate-limited by key; true when a line was written. */
    public boolean warn(Logger log, String key, String message) {
        WarningLimiter limiter = limiter(key);
        if (!limiter.due()) {
            return false;
        }
        WarningWriter.warn(log, limiter.line(message)); // off the caller's thread: it may be an event loop
        return true;
    }

    /** The limiter of one key, made on first use. */
    public WarningLimiter limiter(String key) {
        WarningLimiter limiter = limiters.get(key);
        if (limiter != null) {
            return limiter;
        }
        if (limiters.size() >= MAX_KEYS) {
            return overflow;
        }
        WarningLimiter made = new WarningLimiter(nanoClock, intervalNanos);
        WarningLimiter raced = limiters.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }

    /** Made on first use, not at class load: the logging settings are applied before the first logger exists. */
    private static final class Operator {
        static final Logger LOG = LoggerFactory.getLogger("io.outpost.operator");
    }
}
