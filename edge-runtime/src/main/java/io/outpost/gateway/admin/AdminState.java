package io.outpost.gateway.admin;

import io.outpost.gateway.analytics.JournalingObserver;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.metrics.GatewayMetrics;
import io.outpost.gateway.security.tls.ServerTls;
import io.outpost.gateway.updates.AppliedUpdates;

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
    private volatile ServerTls tls;

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

    /** The HTTPS listener's certificate in force, its expiries and last reload problem; null without an HTTPS listener. */
    public ServerTls tls() {
        return tls;
    }

    /** Once, at the start: also registers the certificates' expiry gauge. */
    public void tls(ServerTls serverTls) {
        this.tls = serverTls;
        serverTls.registerExpiryGauge(metrics.registry());
    }

    /** Ready until a shutdown starts draining. */
    public boolean ready() {
        return !draining;
    }

    public void markDraining() {
        draining = true;
    }
}
