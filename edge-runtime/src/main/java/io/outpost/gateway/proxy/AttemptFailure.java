package io.outpost.gateway.proxy;

import io.outpost.gateway.endpoint.BackendUnavailableException;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;

/** Why an attempt failed, and what that allows next: the failure table of {@link Attempts}. */
enum AttemptFailure {
    CONNECT(true, true, true, true),
    TLS(true, false, true, true),
    POOL_EXHAUSTED(true, false, false, false),
    TIMEOUT(true, true, true, true),
    CLOSED(true, true, false, true),
    STATUS(false, true, false, false);

    /** The next member of the endpoint may be tried at once. */
    final boolean failsOver;
    /** The endpoint's retry policy may send the request again after its delay. */
    final boolean retryable;
    /** The member is marked failed (load-balance/failover health). */
    final boolean blamesMember;
    /** The circuit breaker counts it as a failure. */
    final boolean breakerFailure;

    AttemptFailure(boolean failsOver, boolean retryable, boolean blamesMember, boolean breakerFailure) {
        this.failsOver = failsOver;
        this.retryable = retryable;
        this.blamesMember = blamesMember;
        this.breakerFailure = breakerFailure;
    }

    /** The failure of a lease that could not be had. */
    static AttemptFailure of(BackendUnavailableException.Kind kind) {
        return switch (kind) {
            case CONNECT -> CONNECT;
            case TLS -> TLS;
            case POOL_EXHAUSTED -> POOL_EXHAUSTED;
        };
    }

    /** The answer when a lease that could not be had ends the exchange: a broken TLS handshake is 502, else 503. */
    Fault fault(String message) {
        return this == TLS ? Faults.backendBroken(message + ".")
                : Faults.backendUnavailable(message.isEmpty() ? "." : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".");
    }
}
