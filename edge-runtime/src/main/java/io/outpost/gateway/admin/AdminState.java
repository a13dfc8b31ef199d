package io.outpost.gateway.admin;

import io.outpost.gateway.analytics.JournalingObserver;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.metrics.GatewayMetrics;
import io.outpost.gateway.security.tls.ServerTls;
import io.outpost.gateway.updates.AppliedUpdates;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the admin port reports: the artifact served, whether the gateway takes new requests, the
 * journal's counters, the applied update bundles and the gateway's metrics.
 *
 * @param journal        null when journaling is off or could not start
 * @param journalProblem why journaling is not running, or null
 */
public final class AdminState {
    private volatile LoadedArtifact artifact;
    private final JournalingObserver journal;
    private final String journalProblem;
    private final AppliedUpdates updates;
    private final GatewayMetrics metrics;
    private volatile boolean draining;
    private volatile ServerTls tls;
    private volatile Supplier<CompletableFuture<ReloadResult>> reloads;
    private volatile ReloadResult lastReload;

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

    /** A reload applied: /health names the artifact it brought. */
    public void artifact(LoadedArtifact reloaded) {
        this.artifact = reloaded;
    }

    /** What {@code POST /reload} runs (on the reload thread, never an event loop); null until the gateway serves. */
    public Supplier<CompletableFuture<ReloadResult>> reloads() {
        return reloads;
    }

    public void reloads(Supplier<CompletableFuture<ReloadResult>> reloader) {
        this.reloads = reloader;
    }

    /** The last reload's outcome, or null when none was asked for since the start. */
    public ReloadResult lastReload() {
        return lastReload;
    }

    public void lastReload(ReloadResult result) {
        this.lastReload = result;
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
