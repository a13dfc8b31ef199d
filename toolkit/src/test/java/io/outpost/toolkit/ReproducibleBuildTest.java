package io.outpost.toolkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.artifact.Artifacts;
import io.outpost.common.artifact.VerifiedArtifact;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.PublisherKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same inputs and key give the same bytes, wherever and whenever the build runs. */
class ReproducibleBuildTest {
    @TempDir
    Path tmp;

    private Path sampleProject(Path dir) throws Exception {
        Path project = TestProjects.peerProject(dir, "common_api.yaml", "15PerMin", "3PerMin", "NonExistingPolicy");
        Files.copy(TestProjects.peerSamples().resolve("advance_config.yaml"), project.resolve("apis/advance_config.yaml"));
        Files.copy(Path.of(getClass().getResource("/definitions/recursive.yaml").toURI()), project.resolve("apis/recursive.yaml"));
        Files.createDirectories(project.resolve("interceptors"));
        Files.write(project.resolve("interceptors/auth-interceptor.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});
        TestProjects.write(project.resolve("grpc/sensors.proto"), "syntax = \"proto3\";\n");
        return project;
    }

    @Test
    void twoDirectoriesTimezonesAndLocalesGiveIdenticalBytes() throws Exception {
        Ed25519Key key = Ed25519Key.generate();
        Path keyFile = TestProjects.keyFile(tmp, key);
        Path first = sampleProject(tmp.resolve("one/project"));
        Path second = sampleProject(tmp.resolve("elsewhere/deeper/copy"));

        Cli.Result a = Cli.run(tmp.resolve("home"), "build", first, "--sign-key", keyFile);
        assertEquals(0, a.exitCode(), a::toString);
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            Cli.Result b = Cli.run(tmp.resolve("home"), "build", second, "--sign-key", keyFile);
            assertEquals(0, b.exitCode(), b::toString);
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
        Path artifactA = first.resolve("target/common-api-1.0.0.outpost");
        Path artifactB = second.resolve("target/common-api-1.0.0.outpost");
        assertArrayEquals(Files.readAllBytes(artifactA), Files.readAllBytes(artifactB));

        VerifiedArtifact verified = TestProjects.verify(artifactA, key);
        assertEquals(key.thumbprint(), verified.signerKid());
        assertTrue(verified.entries().containsKey(Artifacts.PROJECT));
        assertTrue(verified.entries().containsKey(Artifacts.POLICIES));
        assertTrue(verified.entries().containsKey("apis/common_api.json"));
        assertTrue(verified.entries().containsKey("apis/advance_config.json"));
        assertTrue(verified.entries().containsKey(Artifacts.INTERCEPTORS_DIR + "auth-interceptor.jar"));
        assertTrue(verified.entries().containsKey("grpc/sensors.proto"));
        String everything = new String(Files.readAllBytes(artifactA), StandardCharsets.ISO_8859_1);
        assertTrue(!everything.contains(tmp.toString()), "no absolute path in the artifact");
        assertTrue(a.out().contains(verified.sha256()), a::toString);
    }

    @Test
    void storeKeyIsCreatedOnceAndReported() throws Exception {
        Path home = tmp.resolve("home");
        Path project = sampleProject(tmp.resolve("p"));
        Cli.Result first = Cli.run(home, "build", project);
        assertEquals(0, first.exitCode(), first::toString);
        PublisherKeyStore store = new PublisherKeyStore(home);
        assertTrue(Files.exists(store.publicKeyFile()));
        assertTrue(first.out().contains(store.publicKeyFile().toString()), first::toString);
        assertTrue(first.out().contains("trust.publisherKeys"), first::toString);
        byte[] bytes = Files.readAllBytes(project.resolve("target/common-api-1.0.0.outpost"));

        Cli.Result again = Cli.run(home, "build", project, "-o", tmp.resolve("out/again.outpost"));
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(!again.out().contains("created"), "the key is created only once:\n" + again);
        assertArrayEquals(bytes, Files.readAllBytes(tmp.resolve("out/again.outpost")));
        Ed25519Key key = store.loadOrCreate().key();
        assertTrue(again.out().contains(key.thumbprint()));
        TestProjects.verify(tmp.resolve("out/again.outpost"), key);
        try (var files = Files.list(project.resolve("target"))) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }
}
