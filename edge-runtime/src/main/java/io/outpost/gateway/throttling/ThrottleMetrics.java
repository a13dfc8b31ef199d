package io.outpost.gateway.throttling;

import io.outpost.gateway.metrics.BoundedCounter;
import io.outpost.gateway.throttling.counting.CounterRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
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
        this(registry, null);
    }

    /** @param counters the process's counters, whose sizes are read at each scrape (never per request); or null */
    public ThrottleMetrics(PrometheusRegistry registry, CounterRegistry counters) {
        Map<Integer, String> values = new LinkedHashMap<>();
        for (ThrottleLevel level : ThrottleLevel.values()) {
            for (int outcome = 0; outcome < OUTCOMES.length; outcome++) {
                values.put(key(level, outcome), level.label() + "_" + OUTCOMES[outcome]);
            }
        }
        decisions = BoundedCounter.register(registry, "outpost_gateway_throttle_decisions",
                "Throttling decisions, by level and outcome (admitted, refused, over_quota: let through by stopOnQuotaReach: false)",
                "decision", values);
        if (counters != null) {
            // One series per policy: bounded by policies.yaml, never by clients.
            GaugeWithCallback.builder().name("outpost_gateway_throttle_keys")
                    .help("Keys counted exactly per throttling policy (level/tier), at most throttling.maxKeysPerPolicy")
                    .labelNames("policy")
                    .callback(cb -> counters.windows().forEach(w -> cb.call(w.size(), w.name())))
                    .register(registry);
            CounterWithCallback.builder().name("outpost_gateway_throttle_overflow_decisions")
                    .help("Decisions made approximately (count-min sketch) because a policy's key table was full")
                    .labelNames("policy")
                    .callback(cb -> counters.windows().forEach(w -> cb.call(w.overflowed(), w.name())))
                    .register(registry);
        }
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
