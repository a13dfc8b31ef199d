package io.outpost.testing;

import io.outpost.common.artifact.ArtifactWriter;
import io.outpost.common.artifact.Artifacts;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.ProjectInfo;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed artifact written straight from model records, for tests about the runtime rather than
 * the toolkit: {@code <dir>/<project>-1.0.0.outpost} plus the publisher's public key as
 * {@code <dir>/publisher.pub.jwk}, ready for {@code trust.publisherKeys}.
 */
public final class TestArtifacts {
    private TestArtifacts() {}

    /** @return the artifact file, signed by a new key */
    public static Path write(Path dir, String project, List<ApiDefinition> apis) throws IOException {
        return write(dir, project, apis, Ed25519Key.generate());
    }

    /** @return the artifact file, signed by {@code publisher} */
    public static Path write(Path dir, String project, List<ApiDefinition> apis, Ed25519Key publisher) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put(Artifacts.PROJECT, Json.bytes(new ProjectInfo(project, "1.0.0", ProjectInfo.FORMAT_VERSION)));
        entries.put(Artifacts.POLICIES, Json.bytes(new ThrottlePolicies(null, null, null)));
        for (ApiDefinition api : apis) {
            entries.put(Artifacts.APIS_DIR + api.name() + ".json", Json.bytes(api));
        }
        Path artifact = dir.resolve(project + "-1.0.0.outpost");
        Files.write(artifact, ArtifactWriter.write(entries, publisher));
        Files.writeString(dir.resolve("publisher.pub.jwk"), publisher.publicKey().toJson());
        return artifact;
    }
}
