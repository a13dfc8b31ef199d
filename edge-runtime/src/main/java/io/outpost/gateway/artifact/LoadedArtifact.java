package io.outpost.gateway.artifact;

import io.outpost.common.artifact.ArtifactException;
import io.outpost.common.artifact.ArtifactVerifier;
import io.outpost.common.artifact.Artifacts;
import io.outpost.common.artifact.TrustPolicy;
import io.outpost.common.artifact.VerifiedArtifact;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ProjectInfo;
import io.outpost.common.model.ThrottlePolicies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An artifact that was verified and whose route tables were read. */
public record LoadedArtifact(ProjectInfo project, ThrottlePolicies policies, List<ApiDefinition> apis,
                             String sha256, String signerKid, boolean signerTrusted) {

    public static LoadedArtifact load(Path file, TrustPolicy trust) throws ArtifactException {
        VerifiedArtifact verified = ArtifactVerifier.verify(file, trust);
        byte[] projectJson = verified.bytes(Artifacts.PROJECT);
        if (projectJson == null) {
            throw new ArtifactException(file + ": not an Outpost artifact (no " + Artifacts.PROJECT + ")");
        }
        try {
            ProjectInfo project = Json.read(projectJson, ProjectInfo.class);
            if (project.formatVersion() > ProjectInfo.FORMAT_VERSION) {
                throw new ArtifactException(file + ": artifact format " + project.formatVersion()
                        + " is newer than this gateway understands (" + ProjectInfo.FORMAT_VERSION + "); upgrade the gateway");
            }
            byte[] policiesJson = verified.bytes(Artifacts.POLICIES);
            ThrottlePolicies policies = policiesJson == null ? new ThrottlePolicies(null, null, null)
                    : Json.read(policiesJson, ThrottlePolicies.class);
            Map<String, byte[]> apiEntries = new TreeMap<>();
            for (String name : verified.entries().keySet()) {
                if (name.startsWith(Artifacts.APIS_DIR) && name.endsWith(".json")) {
                    apiEntries.put(name, verified.bytes(name));
                }
            }
            List<ApiDefinition> apis = new ArrayList<>();
            for (byte[] json : apiEntries.values()) {
                apis.add(Json.read(json, ApiDefinition.class));
            }
            return new LoadedArtifact(project, policies, List.copyOf(apis), verified.sha256(), verified.signerKid(),
                    verified.signerTrusted());
        } catch (java.io.UncheckedIOException e) {
            throw new ArtifactException(file + ": " + e.getMessage(), e);
        }
    }
}
