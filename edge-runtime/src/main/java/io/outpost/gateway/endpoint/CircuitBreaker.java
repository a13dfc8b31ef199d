package io.outpost.gateway.endpoint;

import io.outpost.common.endpoint.FailureThreshold;
import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import io.outpost.common.model.EndpointConfig.RollingWindow;
import java.util.Set;

/**
 * WSO2 {@code circuitBreaker}: counts outcomes in a rolling window of buckets; once at least
 * {@code requestVolumeThreshold} requests fell in the window and the failed share reached
 * {@code failureThreshold}, the circuit opens and requests are refused (503) without touching
 * the backend. After {@code resetTimeInMillis} one trial request goes through (half-open): its
 * success closes the circuit, its failure opens it again.
 *
 * <p>Shared by every event loop, so the few state changes are synchronized; a decision costs a
 * lock acquisition and a little arithmetic.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int volumeThreshold;
    private final double failureThreshold;
    private final long resetMillis;
    private final long bucketMillis;
    private final Set<Integer> failureStatuses;
    private final long[] bucketStart;
    private final int[] total;
    private final int[] failed;
    private State state = State.CLOSED;
    private long openUntil;
    private boolean trialInFlight;
    /** Names the endpoint in the operator's warnings when the circuit opens and closes. */
    private String endpoint = "an endpoint";

    CircuitBreaker(int volumeThreshold, double failureThreshold, long windowMillis, long bucketMillis, long resetMillis,
                   Set<Integer> failureStatuses) {
        this.volumeThreshold = Math.max(1, volumeThreshold);
        this.failureThreshold = failureThreshold;
        this.resetMillis = Math.max(0, resetMillis);
        this.bucketMillis = Math.max(1, Math.min(bucketMillis, windowMillis));
        int buckets = (int) Math.max(1, (windowMillis + this.bucketMillis - 1) / this.bucketMillis);
        this.bucketStart = new long[buckets];
        this.total = new int[buckets];
        this.failed = new int[buckets];
        this.failureStatuses = Set.copyOf(failureStatuses);
    }

    /**
     * @return null when the endpoint declares no circuit breaker
     * @throws IllegalArgumentException when its failureThreshold is not a ratio, the toolkit's rule ({@link FailureThreshold})
     */
    public static CircuitBreaker of(CircuitBreakerConfig config) {
        return of(config, "an endpoint");
    }

    /** As {@link #of(CircuitBreakerConfig)}, naming {@code endpoint} in the warnings when it opens and closes. */
    public static CircuitBreaker of(CircuitBreakerConfig config, String endpoint) {
        if (config == null) {
            return null;
        }
        RollingWindow window = config.rollingWindow();
        int volume = window != null && window.requestVolumeThreshold() != null ? window.requestVolumeThreshold() : 10;
        long windowMillis = window != null && window.timeWindowInMillis() != null ? window.timeWindowInMillis() : 10_000;
        long bucket = window != null && window.bucketSizeInMillis() != null ? window.bucketSizeInMillis() : 2_000;
        double threshold = config.failureThreshold() == null ? 0.5 : config.failureThreshold();
        FailureThreshold.Problem problem = FailureThreshold.check(threshold);
        if (problem != null) {
            throw new IllegalArgumentException("circuitBreaker " + problem.message() + " (" + problem.hint() + ")");
        }
        long reset = config.resetTimeInMillis() == null ? 10_000 : config.resetTimeInMillis();
        CircuitBreaker breaker = new CircuitBreaker(volume, threshold, windowMillis, bucket, reset, Set.copyOf(config.statusCodes()));
        breaker.endpoint = endpoint;
        return breaker;
    }

    /** Whether a request may go to the backend now; a true answer must be followed by exactly one {@link #record} or {@link #release}. */
    public synchronized boolean tryAcquire(long now) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now < openUntil) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    /** The outcome of an acquired request. */
    public synchronized void record(boolean failure, long now) {
        if (state == State.HALF_OPEN) {
            trialInFlight = false;
            if (failure) {
                open(now);
            } else {
                state = State.CLOSED;
                CircuitWarnings.closed(endpoint);
                java.util.Arrays.fill(total, 0);
                java.util.Arrays.fill(failed, 0);
            }
            return;
        }
        if (state == State.OPEN) {
            return; // a request that started before the circuit opened
        }
        int i = bucket(now);
        total[i]++;
        if (failure) {
            failed[i]++;
        }
        long windowStart = now - (long) bucketStart.length * bucketMillis;
        int sum = 0;
        int bad = 0;
        for (int b = 0; b < bucketStart.length; b++) {
            if (bucketStart[b] > windowStart) {
                sum += total[b];
                bad += failed[b];
            }
        }
        if (failure && sum >= volumeThreshold && (double) bad / sum >= failureThreshold) {
            open(now);
            CircuitWarnings.opened(endpoint, bad, sum, resetMillis);
        }
    }

    /** An acquired request that never reached the backend (the client left first). */
    public synchronized void release() {
        if (state == State.HALF_OPEN) {
            trialInFlight = false;
        }
    }

    public boolean failureStatus(int status) {
        return failureStatuses.contains(status);
    }

    public synchronized State state(long now) {
        return state == State.OPEN && now >= openUntil ? State.HALF_OPEN : state;
    }

    private void open(long now) {
        state = State.OPEN;
        openUntil = now + resetMillis;
    }

    private int bucket(long now) {
        long start = now - Math.floorMod(now, bucketMillis);
        int i = (int) Math.floorMod(start / bucketMillis, (long) bucketStart.length);
        if (bucketStart[i] != start) {
            bucketStart[i] = start;
            total[i] = 0;
            failed[i] = 0;
        }
        return i;
    }
}
