package io.outpost.gateway.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.EndpointConfig.CircuitBreakerConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on an explicit clock. */
class CircuitBreakerTest {
    private final CircuitBreaker breaker = new CircuitBreaker(4, 0.5, 10_000, 1_000, 5_000, Set.of(500));

    private void request(long now, boolean failure) {
        assertTrue(breaker.tryAcquire(now));
        breaker.record(failure, now);
    }

    @Test
    void staysClosedBelowTheRequestVolumeThreshold() {
        request(0, true);
        request(1, true);
        request(2, true);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(3), "3 failures < volume 4");
        request(3, true);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(4));
    }

    @Test
    void opensOnlyWhenTheFailedShareReachesTheThreshold() {
        request(0, false);
        request(1, false);
        request(2, false);
        request(3, true);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(4), "1 of 4 failed < 50 %");
        request(4, true);
        request(5, true);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(6), "3 of 6 failed = 50 %");
    }

    @Test
    void oldBucketsLeaveTheWindow() {
        request(0, true);
        request(1, true);
        request(2, true);
        request(20_000, true); // the first three are outside the 10 s window now
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(20_001));
    }

    @Test
    void halfOpenLetsExactlyOneTrialThroughAndItsOutcomeDecides() {
        for (int i = 0; i < 4; i++) {
            request(i, true);
        }
        assertFalse(breaker.tryAcquire(4_000), "open until the reset time");
        assertTrue(breaker.tryAcquire(5_004), "the trial");
        assertFalse(breaker.tryAcquire(5_005), "only one trial at a time");
        breaker.record(true, 5_006);
        assertFalse(breaker.tryAcquire(5_007), "a failed trial opens it again");
        assertTrue(breaker.tryAcquire(10_007));
        breaker.record(false, 10_008);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(10_009));
        assertTrue(breaker.tryAcquire(10_010));
    }

    @Test
    void aReleasedTrialDoesNotWedgeTheBreaker() {
        for (int i = 0; i < 4; i++) {
            request(i, true);
        }
        assertTrue(breaker.tryAcquire(6_000));
        breaker.release(); // the client left before the trial reached the backend
        assertTrue(breaker.tryAcquire(6_001));
    }

    @Test
    void theThresholdIsTheToolkitsRatioNeverAPercentage() {
        CircuitBreaker ratio = CircuitBreaker.of(new CircuitBreakerConfig(null, 0.2, null, List.of(500)));
        assertTrue(ratio.failureStatus(500));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CircuitBreaker.of(new CircuitBreakerConfig(null, 20.0, null, null)));
        assertTrue(e.getMessage().contains("failureThreshold is a ratio") && e.getMessage().contains("0.2"), e.getMessage());
    }
}
