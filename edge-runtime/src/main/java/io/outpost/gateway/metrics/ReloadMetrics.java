package io.outpost.gateway.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The outcome of reloads (SIGHUP): {@code outpost_gateway_reloads_total{result="applied|refused"}},
 * {@code outpost_gateway_last_reload_success} (1 or 0) and
 * {@code outpost_gateway_last_reload_timestamp_seconds}, as Prometheus' own
 * {@code prometheus_config_last_reload_successful} does: the start counts as a successful load, so
 * an alert on {@code last_reload_success == 0} fires only after a refused reload, and clears with
 * the next good one. The reason of a refusal is not a label (it is free text): it goes to the log
 * and {@code /health}; {@link #lastRefusal()} keeps it for them.
 */
public final class ReloadMetrics {
    private final Counter reloads;
    private volatile boolean lastSucceeded = true;
    private volatile long lastMillis = System.currentTimeMillis();
    private volatile long lastGeneration = -1;
    private volatile String lastRefusal;

    public ReloadMetrics(PrometheusRegistry registry) {
        reloads = Counter.builder().name("outpost_gateway_reloads")
                .help("Reloads asked for (SIGHUP), by result: applied (a new generation serves) or refused (the running one stays)")
                .labelNames("result").withoutExemplars().register(registry);
        reloads.labelValues("applied");
        reloads.labelValues("refused");
        GaugeWithCallback.builder().name("outpost_gateway_last_reload_success")
                .help("1 if the last reload was applied (or none was asked for since the start), 0 if it was refused")
                .callback(cb -> cb.call(lastSucceeded ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("outpost_gateway_last_reload_timestamp_seconds")
                .help("When the last reload was applied or refused (the start when there was none), in seconds since the epoch")
                .callback(cb -> cb.call(lastMillis / 1000.0)).register(registry);
    }

    /** A reload was verified and its generation {@code generation} now serves new exchanges. */
    public void succeeded(long generation) {
        lastGeneration = generation;
        lastRefusal = null;
        lastMillis = System.currentTimeMillis();
        lastSucceeded = true;
        reloads.labelValues("applied").inc();
    }

    /** A reload was refused for {@code reason}; the generation in force stays. */
    public void refused(String reason) {
        lastRefusal = reason;
        lastMillis = System.currentTimeMillis();
        lastSucceeded = false;
        reloads.labelValues("refused").inc();
    }

    /** Why the last reload was refused, or null when it was applied (or none was asked for). */
    public String lastRefusal() {
        return lastRefusal;
    }

    /** The generation the last applied reload brought, or -1 when none was applied. */
    public long lastGeneration() {
        return lastGeneration;
    }
}
