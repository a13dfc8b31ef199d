package io.outpost.gateway.endpoint;

import io.outpost.common.logging.OperatorWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker opening (requests refused without touching the backend) and closing again, said on
 * stderr (area "backend"), each at most once per endpoint per 30 s: a flapping circuit gives a line
 * and a count, not a flood. A trial that fails while half-open keeps the circuit open and says nothing new.
 */
final class CircuitWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private CircuitWarnings() {}

    static void opened(String endpoint, int failed, int requests, long resetMillis) {
        OperatorWarnings.shared().warn(LOG, "circuit-open " + endpoint, "circuit of " + endpoint + " opened: " + failed
                + " of " + requests + " requests failed in the window; requests are refused (503) for " + resetMillis
                + " ms, then one trial request goes through");
    }

    static void closed(String endpoint) {
        OperatorWarnings.shared().warn(LOG, "circuit-closed " + endpoint, "circuit of " + endpoint
                + " closed: the trial request succeeded; requests go to the backend again");
    }
}
