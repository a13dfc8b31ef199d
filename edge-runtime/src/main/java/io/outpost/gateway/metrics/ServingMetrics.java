package io.outpost.gateway.metrics;

import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.pipeline.Generations;
import io.outpost.gateway.proxy.ConnectionTracker;
import io.outpost.gateway.updates.AppliedUpdates;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * What the gateway serves with, read at each scrape: the generation in force and its artifact, the
 * applied update bundle sequences, and the open client connections.
 */
public final class ServingMetrics {
    private ServingMetrics() {}

    /** @param artifact the artifact in force (a reload that brings another must make this supply it) */
    public static void register(PrometheusRegistry registry, Generations generations, Supplier<LoadedArtifact> artifact,
                                AppliedUpdates updates, ConnectionTracker connections) {
        GaugeWithCallback.builder().name("outpost_gateway_generation")
                .help("The number of the generation in force (each reload or applied update bundle makes a new one), "
                        + "labelled with the artifact it serves (name-version) and the artifact file's sha256")
                .labelNames("artifact", "sha256")
                .callback(cb -> {
                    LoadedArtifact a = artifact.get();
                    cb.call(generations.current().number(), a.project().name() + "-" + a.project().version(), a.sha256());
                })
                .register(registry);
        GaugeWithCallback.builder().name("outpost_gateway_bundle_sequence")
                .help("The sequence of the applied update bundle, by bundle type (0: none applied)")
                .labelNames("type")
                .callback(cb -> updates.snapshot().forEach((type, state) -> cb.call(state.sequence(), type)))
                .register(registry);
        GaugeWithCallback.builder().name("outpost_gateway_client_connections")
                .help("Open client connections (HTTP and HTTPS), at most limits.maxConnections")
                .callback(cb -> cb.call(connections.open()))
                .register(registry);
    }
}
