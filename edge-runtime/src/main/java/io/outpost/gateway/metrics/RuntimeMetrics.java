package io.outpost.gateway.metrics;

import io.outpost.gateway.analytics.JournalingObserver;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.pipeline.Generations;
import io.outpost.gateway.proxy.ConnectionTracker;
import io.outpost.gateway.updates.AppliedUpdates;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The gateway's state metrics, registered once at the start (docs/gateway.md, "Metrics"): every one
 * is read at scrape time from what the components keep, so none adds work to an exchange.
 */
public final class RuntimeMetrics {
    private RuntimeMetrics() {}

    /**
     * @param journal null when journaling is off
     * @return the reload hook the SIGHUP reload reports to
     */
    public static ReloadMetrics register(PrometheusRegistry registry, Generations generations,
                                         Supplier<LoadedArtifact> artifact, ConnectionTracker connections,
                                         JournalingObserver journal, AppliedUpdates updates) {
        BackendMetrics.register(registry, generations);
        ServingMetrics.register(registry, generations, artifact, updates, connections);
        if (journal != null) {
            JournalMetrics.register(registry, journal);
        }
        JvmProcessMetrics.register(registry);
        LogMetrics.register(registry);
        return new ReloadMetrics(registry);
    }
}
