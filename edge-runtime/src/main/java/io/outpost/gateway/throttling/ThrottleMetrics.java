package io.outpost.gateway.throttling;

import io.outpost.gateway.metrics.BoundedCounter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throttling decisions by level and outcome ({@code outpost_gateway_throttle_decisions_total}),
 * registered once per process: counts go on across generations. Counting allocates nothing.
 */
public final class ThrottleMetrics {
    static final int ADMITTED = 0;
    static final int REFUSED = 1;
    /** Over the quota, let through: {@code stopOnQuotaReach: false}. */
    static final int OVER_QUOTA = 2;
    private static final String[] OUTCOMES = {"admitted", "refused", "over_quota"};

    private final BoundedCounter decisions;

    public ThrottleMetrics(PrometheusRegistry registry) {
        Map<Integer, String> values = new LinkedHashMap<>();
        for (ThrottleLevel level : ThrottleLevel.values()) {
            for (int outcome = 0; outcome < OUTCOMES.length; outcome++) {
                values.put(key(level, outcome), level.label() + "_" + OUTCOMES[outcome]);
            }
        }
        decisions = BoundedCounter.register(registry, "outpost_gateway_throttle_decisions",
                "Throttling decisions, by level and outcome (admitted, refused, over_quota: let through by stopOnQuotaReach: false)",
                "decision", values);
    }

    void count(ThrottleLevel level, int outcome) {
        decisions.inc(key(level, outcome));
    }

    long get(ThrottleLevel level, int outcome) {
        return decisions.get(key(level, outcome));
    }

    private static int key(ThrottleLevel level, int outcome) {
        return level.ordinal() * OUTCOMES.length + outcome;
    }
}
