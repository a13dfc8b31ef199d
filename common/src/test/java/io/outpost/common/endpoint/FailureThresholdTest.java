package io.outpost.common.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one failureThreshold rule the toolkit and the gateway both apply. */
class FailureThresholdTest {

    @Test
    void aRatioFromZeroToOneIsUsable() {
        assertNull(FailureThreshold.check(0));
        assertNull(FailureThreshold.check(0.2));
        assertNull(FailureThreshold.check(1));
    }

    @Test
    void aPercentageIsRefusedWithTheRatioToWrite() {
        FailureThreshold.Problem problem = FailureThreshold.check(20);
        assertNotNull(problem);
        assertEquals("failureThreshold is a ratio of failed requests and must be between 0 and 1, found 20",
                problem.message());
        assertEquals("for 20% write failureThreshold: 0.2", problem.hint());
        assertEquals("for 12.5% write failureThreshold: 0.125", FailureThreshold.check(12.5).hint());
    }

    @Test
    void valuesNoPercentageExplainAreRefusedToo() {
        for (double bad : new double[] {-0.1, 150, Double.NaN, Double.POSITIVE_INFINITY}) {
            FailureThreshold.Problem problem = FailureThreshold.check(bad);
            assertNotNull(problem, String.valueOf(bad));
            assertTrue(problem.hint().contains("failureThreshold: 0.2 for 20%"), problem.hint());
        }
    }
}
