package io.outpost.gateway.admin;

import io.outpost.gateway.artifact.LoadedArtifact;

/** What the admin port reports: the artifact served and whether the gateway takes new requests. */
public final class AdminState {
    private final LoadedArtifact artifact;
    private volatile boolean draining;

    public AdminState(LoadedArtifact artifact) {
        this.artifact = artifact;
    }

    public LoadedArtifact artifact() {
        return artifact;
    }

    /** Ready until a shutdown starts draining. */
    public boolean ready() {
        return !draining;
    }

    public void markDraining() {
        draining = true;
    }
}
