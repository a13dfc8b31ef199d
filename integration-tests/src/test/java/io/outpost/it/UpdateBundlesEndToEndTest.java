package io.outpost.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import io.outpost.common.model.ApiDefinition;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestArtifacts;
import io.outpost.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed update bundles from publishing to the running gateway, every part a real process:
 * {@code outpost mgmt bundle publish} → receiver → sync agent (verifies, installs into the
 * gateway's state directory) → gateway (verifies again, applies, shows the sequence on its admin
 * port, no restart). A tampered file and an older sequence are refused and the applied one stays.
 */
class UpdateBundlesEndToEndTest {

    @Test
    void publishedBundleIsAppliedByTheRunningGatewayAndBadOnesAreRefused(@TempDir Path dir) throws Exception {
        Ed25519Key updateKey = Ed25519Key.generate();
        Path privateJwk = Files.writeString(dir.resolve("update.jwk"), updateKey.toJson());
        Path publicJwk = Files.writeString(dir.resolve("update.pub.jwk"), updateKey.publicKey().toJson());
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        Path state = dir.resolve("state");
        Path gatewayYaml = gatewayConfig(dir, publicJwk);

        try (JavaProcess gateway = JavaProcess.gateway("--config", gatewayYaml.toString()).start()) {
            int admin = Integer.parseInt(gateway.awaitLine("outpost-gateway ready http=\\S+ admin=[^:]+:(\\d+)",
                    Duration.ofSeconds(60)).group(1));
            assertEquals(0, updates(admin).get("revocations").get("sequence").asLong());

            publish(dir, "revocations", "[{\"jti\":\"a1\",\"expiresAt\":\"2100-01-01T00:00:00Z\"}]", privateJwk, bundles);
            try (JavaProcess receiver = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "serve", "--port", "0",
                    "--data", dir.resolve("received").toString(), "--bundles", bundles.toString()).start()) {
                Matcher rc = receiver.awaitLine("outpost-mgmt ready http=(\\S+)", Duration.ofSeconds(60));
                Path syncYaml = Files.writeString(dir.resolve("sync.yaml"), """
                        journal: %s
                        stateDir: %s
                        management:
                          url: http://%s
                        updates:
                          publicKey: %s
                          types: [revocations]
                          pollIntervalSeconds: 1
                        """.formatted(state.resolve("journal"), state, rc.group(1), publicJwk));
                try (JavaProcess agent = JavaProcess.of("sync", "io.outpost.sync.SyncMain", "run", "--config",
                        syncYaml.toString(), "--admin-port", "0").start()) {
                    agent.awaitLine("outpost-sync ready", Duration.ofSeconds(60));
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            updates(admin).get("revocations").get("sequence").asLong() == 1);

                    publish(dir, "revocations", "[{\"jti\":\"a1\",\"expiresAt\":\"2100-01-01T00:00:00Z\"},{\"jti\":\"b2\",\"expiresAt\":\"2100-01-01T00:00:00Z\"}]", privateJwk, bundles);
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            updates(admin).get("revocations").get("sequence").asLong() == 2);
                }
            }

            // Someone with access to the state directory but not the key: a tampered file, then an
            // older (validly signed) one. The gateway refuses both and keeps sequence 2.
            Path installed = state.resolve("updates/revocations.jws");
            byte[] good = Files.readAllBytes(installed);
            byte[] tampered = good.clone();
            int dot = new String(good, StandardCharsets.US_ASCII).indexOf('.');
            tampered[dot + 5] = (byte) (tampered[dot + 5] == 'A' ? 'B' : 'A');
            Files.write(installed, tampered);
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    !updates(admin).get("revocations").path("lastRejection").isNull());
            assertEquals(2, updates(admin).get("revocations").get("sequence").asLong(), "the applied bundle stays");

            Files.copy(bundles.resolve("revocations/1.jws"), installed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    updates(admin).get("revocations").path("lastRejection").asText().contains("older"));
            assertEquals(2, updates(admin).get("revocations").get("sequence").asLong(), "no rollback");
        }
    }

    private static void publish(Path dir, String type, String content, Path key, Path bundles) throws Exception {
        Path file = Files.writeString(dir.resolve(type + "-content.json"), content);
        JavaProcess.Result r = JavaProcess.of("sync", "io.outpost.sync.mgmt.MgmtMain", "bundle", "publish",
                "--type", type, "--content", file.toString(), "--key", key.toString(), "--to", bundles.toString())
                .run(Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r.output());
    }

    private static JsonNode updates(int adminPort) throws Exception {
        RawHttp.Response r = RawHttp.get(adminPort, "/updates");
        assertEquals(200, r.status(), r.body());
        JsonNode body = Json.read(r.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
        assertNotNull(body.get("revocations"), r.body());
        return body;
    }

    private static Path gatewayConfig(Path dir, Path updateKey) throws Exception {
        ApiDefinition api = new ApiDefinition("upd", "1.0.0", "/upd", "upd.yaml", null, null, null, null, true, null, null,
                null, null, null, null, null, null, null, List.of());
        TestArtifacts.write(dir, "upd", List.of(api));
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                listeners: {http: {host: 127.0.0.1, port: 0}}
                admin: {host: 127.0.0.1, port: 0}
                artifact: upd-1.0.0.outpost
                stateDir: state
                trust:
                  publisherKeys: [publisher.pub.jwk]
                  updateKey: %s
                """.formatted(updateKey));
        assertTrue(Files.exists(yaml));
        return yaml;
    }
}
