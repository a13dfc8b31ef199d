package io.outpost.sync.forward;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half and all
 * of {@code min(max, initial * 2^(n-1))}, so a fleet of devices coming back after an outage does
 * not retry in lockstep, yet no device retries sooner than half the nominal delay.
 */
public final class Backoff {
    /** A server's Retry-After is honoured up to this; beyond, it is more likely a mistake than a plan. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    public Backoff(long initialMillis, long maxMillis, RandomGenerator random) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public long failed(Duration retryAfter) {
        failures++;
        long nominal = maxMillis;
        if (failures < 40) {
            nominal = Math.min(maxMillis, initialMillis << Math.min(failures - 1, 30));
        }
        long jittered = nominal / 2 + random.nextLong(nominal / 2 + 1);
        if (retryAfter != null) {
            // The server knows when it will have capacity: never come back sooner than it asked.
            long asked = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
            return Math.max(asked, Math.min(jittered, initialMillis));
        }
        return jittered;
    }

    public void succeeded() {
        failures = 0;
    }

    public long maxMillis() {
        return maxMillis;
    }

    public int failures() {
        return failures;
    }
}
