package io.outpost.gateway.admin;

import io.outpost.gateway.analytics.JournalingObserver;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.metrics.GatewayMetrics;
import io.outpost.gateway.updates.AppliedUpdates;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the admin port reports: the artifact served, whether the gateway takes new requests, the
 * journal's counters, the applied update bundles and the gateway's metrics.
 *
 * @param journal        null when journaling is off or could not start
 * @param journalProblem why journaling is not running, or null
 */
public final class AdminState {
    private final LoadedArtifact artifact;
    private final JournalingObserver journal;
    private final String journalProblem;
    private final AppliedUpdates updates;
    private final GatewayMetrics metrics;
    private volatile boolean draining;
    private volatile Supplier<Map<String, Object>> tls;

    public AdminState(LoadedArtifact artifact, JournalingObserver journal, String journalProblem, AppliedUpdates updates,
                      GatewayMetrics metrics) {
        this.artifact = artifact;
        this.journal = journal;
        this.journalProblem = journalProblem;
        this.updates = updates;
        this.metrics = metrics;
    }

    public LoadedArtifact artifact() {
        return artifact;
    }

    public JournalingObserver journal() {
        return journal;
    }

    public String journalProblem() {
        return journalProblem;
    }

    public AppliedUpdates updates() {
        return updates;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The HTTPS listener's certificate and its last reload problem, or null without an HTTPS listener. */
    public Supplier<Map<String, Object>> tls() {
        return tls;
    }

    public void tls(Supplier<Map<String, Object>> status) {
        this.tls = status;
    }

    /** Ready until a shutdown starts draining. */
    public boolean ready() {
        return !draining;
    }

    public void markDraining() {
        draining = true;
    }
}
