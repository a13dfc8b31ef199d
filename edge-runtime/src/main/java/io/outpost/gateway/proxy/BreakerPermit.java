package io.outpost.gateway.proxy;

import io.outpost.gateway.endpoint.CircuitBreaker;

/**
 * The circuit breaker's permit one attempt holds, if its endpoint has a breaker: taken before the
 * attempt, then settled once with the attempt's outcome, or given back when the attempt is
 * abandoned without one. Part of {@link Attempts}.
 */
final class BreakerPermit {
    private final CircuitBreaker breaker;
    private boolean held;

    /** @param breaker the endpoint's breaker, or null for none (every attempt may go) */
    BreakerPermit(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** @return false when the breaker is open: the attempt must not go */
    boolean take() {
        if (breaker == null) {
            return true;
        }
        if (!breaker.tryAcquire(System.currentTimeMillis())) {
            return false;
        }
        held = true;
        return true;
    }

    /** The attempt's outcome, counted once. */
    void settle(boolean failure) {
        if (held) {
            held = false;
            breaker.record(failure, System.currentTimeMillis());
        }
    }

    /** Whether a response status counts as the backend failing, by the breaker's rule. */
    boolean failureStatus(int code) {
        return breaker != null && breaker.failureStatus(code);
    }

    /** Abandoned without an outcome: the permit goes back uncounted. */
    void release() {
        if (held) {
            breaker.release();
            held = false;
        }
    }
}
