package io.outpost.sync.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.signing.Ed25519Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.outpost.common.bundle.content.BundleContents;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.Paths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outpost mgmt bundle publish} refuses content that is not its type's shape, naming each
 * field, before anything is signed; and publishes only increasing sequences.
 */
class BundlePublishTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    @TempDir
    Path dir;

    private JavaProcess.Result publish(Path key, String type, String content, String... more) throws Exception {
        Path file = Files.writeString(dir.resolve(type + ".json"), content);
        String[] args = {"bundle", "publish", "--type", type, "--content", file.toString(), "--key", key.toString(),
                "--to", dir.resolve("bundles").toString()};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more)).toArray(String[]::new);
        return JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", all).run(T);
    }

    @Test
    void contentIsCheckedAgainstItsSchemaBeforeSigningAndSequencesOnlyIncrease() throws Exception {
        Ed25519Key signer = Ed25519Key.generate();
        Path key = Files.writeString(dir.resolve("update.jwk"), signer.toJson());

        JavaProcess.Result bad = publish(key, "opaque-tokens",
                "[{\"sha256\": \"raw-token-123\", \"subject\": \"alice\", \"expiresAt\": \"soon\", \"subscriptions\": [{\"name\": \"Pets\"}]}]");
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("is not a valid opaque-tokens bundle, nothing published:"), bad.output());
        assertTrue(bad.output().contains("  [0].sha256: must be the SHA-256 of the token"), bad.output());
        assertTrue(bad.output().contains("  [0].expiresAt: must be seconds since the epoch or an ISO-8601 instant"), bad.output());
        assertTrue(bad.output().contains("  [0].subscriptions[0].version: is required"), bad.output());
        assertFalse(bad.output().contains("raw-token-123"), "a token put where its hash belongs is never echoed");
        assertFalse(Files.exists(dir.resolve("bundles/opaque-tokens")), bad.output());

        JavaProcess.Result dup = publish(key, "revocations", "[{\"jti\": \"a\", \"jti\": \"b\", \"expiresAt\": 1}]");
        assertEquals(1, dup.exitCode(), dup.output());
        assertTrue(dup.output().contains("not JSON: Duplicate field 'jti'"), dup.output());

        String tokens = "[{\"sha256\": \"" + SHA + "\", \"subject\": \"alice\", \"expiresAt\": \"2100-01-01T00:00:00Z\", "
                + "\"subscriptions\": [{\"name\": \"Pets\", \"version\": \"1.0.0\"}]}]";
        JavaProcess.Result ok = publish(key, "opaque-tokens", tokens, "--sequence", "5");
        assertEquals(0, ok.exitCode(), ok.output());
        UpdateBundle published = UpdateBundles.verify(Files.readAllBytes(dir.resolve("bundles/opaque-tokens/5.jws")), signer.publicKey());
        assertEquals("alice", published.content().get(0).get("subject").asText());

        JavaProcess.Result lower = publish(key, "opaque-tokens", tokens, "--sequence", "4");
        assertEquals(1, lower.exitCode(), lower.output());
        assertTrue(lower.output().contains("--sequence 4 is below the highest published opaque-tokens sequence 5"), lower.output());
        JavaProcess.Result next = publish(key, "opaque-tokens", tokens);
        assertEquals(0, next.exitCode(), next.output());
        assertTrue(next.output().contains("published opaque-tokens sequence 6"), next.output());

        JavaProcess.Result tooBig = publish(key, "opaque-tokens", tokens, "--max-bytes", "500");
        assertEquals(1, tooBig.exitCode(), tooBig.output());
        assertTrue(tooBig.output().contains("above --max-bytes 500: devices would refuse it"), tooBig.output());
        assertFalse(Files.exists(dir.resolve("bundles/opaque-tokens/7.jws")));
    }

    @Test
    void aBlockingBundleIsCheckedBeforeSigning() throws Exception {
        Ed25519Key signer = Ed25519Key.generate();
        Path key = Files.writeString(dir.resolve("update.jwk"), signer.toJson());

        JavaProcess.Result bad = publish(key, "blocking",
                "{\"ips\": [\"192.0.2.7\", \"gateway.example.com\", \"10.0.0.1/8\"], \"apis\": [\"petstore\"], \"hosts\": []}");
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("is not a valid blocking bundle, nothing published:"), bad.output());
        assertTrue(bad.output().contains("  hosts: unknown field; expected one of apis, applications, ips, users"), bad.output());
        assertTrue(bad.output().contains("  ips[1]: 'gateway.example.com' is not an IP address"), bad.output());
        assertTrue(bad.output().contains("  ips[2]: '10.0.0.1/8' has host bits set; the network is 10.0.0.0/8"), bad.output());
        assertTrue(bad.output().contains("  apis[0]: 'petstore' must be an API's context, e.g. /petstore/v1"), bad.output());
        assertFalse(Files.exists(dir.resolve("bundles/blocking")), bad.output());

        JavaProcess.Result ok = publish(key, "blocking", "{\"ips\": [\"2001:db8::/32\"], \"users\": [\"mallory\"]}");
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("published blocking sequence 1"), ok.output());
        UpdateBundle published = UpdateBundles.verify(Files.readAllBytes(dir.resolve("bundles/blocking/1.jws")), signer.publicKey());
        assertEquals("mallory", published.content().get("users").get(0).asText());
    }

    @Test
    void theSchemasExamplesInTheManagementContractAreValidContent() throws Exception {
        JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(Paths.root().resolve("docs/management-api.yaml").toFile())
                .get("components").get("schemas");
        BundleContents.parse("keys", schemas.get("KeysContent").get("example"));
        BundleContents.parse("revocations", schemas.get("RevocationsContent").get("example"));
        BundleContents.parse("opaque-tokens", schemas.get("OpaqueTokensContent").get("example"));
        BundleContents.parse("blocking", schemas.get("BlockingContent").get("example"));
    }
}
