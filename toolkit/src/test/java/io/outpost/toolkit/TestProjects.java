package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.outpost.common.artifact.ArtifactVerifier;
import io.outpost.common.artifact.Artifacts;
import io.outpost.common.artifact.TrustPolicy;
import io.outpost.common.artifact.VerifiedArtifact;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.toolkit.project.DefaultPolicies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds throw-away projects for tests. */
final class TestProjects {
    private TestProjects() {}

    /** The WSO2 samples folder; a missing folder fails the test (never skips it). */
    static Path peerSamples() {
        String shared = System.getProperty("outpost.shared");
        if (shared == null) {
            fail("system property outpost.shared is not set: run the tests through Maven (Surefire sets it to ../shared)");
        }
        Path folder = Path.of(shared, "peer-samples", "wso2-openapi");
        if (!Files.isDirectory(folder)) {
            fail("the WSO2 peer samples are missing: expected " + folder.toAbsolutePath()
                    + " (the shared folder beside the repository)");
        }
        return folder;
    }

    /** The repository root (for examples/). */
    static Path repositoryRoot() {
        String root = System.getProperty("outpost.root");
        if (root == null) {
            fail("system property outpost.root is not set: run the tests through Maven");
        }
        return Path.of(root);
    }

    /** A tier as a resourcePolicies list item. */
    static String tier(String name, int count) {
        return "  - " + name + ":\n      count: " + count + "\n      unitTime: 1\n      timeUnit: min\n";
    }

    /** The default tiers with extra resource tiers added (WSO2's tests added 15PerMin and 3PerMin). */
    static String policies(String... extraTiers) {
        String defaults = new String(DefaultPolicies.yaml(), StandardCharsets.UTF_8);
        StringBuilder extra = new StringBuilder();
        for (String name : extraTiers) {
            extra.append(tier(name, 10));
        }
        return defaults.replaceFirst("resourcePolicies:\n", "resourcePolicies:\n" + extra);
    }

    static Path project(Path dir, String name, String policies) {
        try {
            Files.createDirectories(dir.resolve("apis"));
            write(dir.resolve("outpost.yaml"), "name: " + name + "\nversion: 1.0.0\n");
            if (policies != null) {
                write(dir.resolve("policies.yaml"), policies);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A project holding one peer sample, copied at test time. */
    static Path peerProject(Path dir, String sample, String... extraTiers) {
        project(dir, sample.replace(".yaml", "").replace('_', '-'), policies(extraTiers));
        try {
            Files.copy(peerSamples().resolve(sample), dir.resolve("apis").resolve(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line containing {@code marker}. */
    static int lineOf(Path file, String marker) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(marker + " not in " + file);
    }

    static Path keyFile(Path dir, Ed25519Key key) {
        return write(dir.resolve("signing.jwk"), key.toJson());
    }

    static VerifiedArtifact verify(Path artifact, Ed25519Key key) throws Exception {
        return ArtifactVerifier.verify(artifact, TrustPolicy.of(List.of(key.publicKey()), false));
    }

    static ApiDefinition api(VerifiedArtifact artifact, String stem) {
        byte[] json = artifact.bytes(Artifacts.APIS_DIR + stem + ".json");
        assertTrue(json != null, "no " + stem + " in " + artifact.entries().keySet());
        return Json.read(json, ApiDefinition.class);
    }
}
