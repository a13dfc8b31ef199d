package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.bundle.BundleStore;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Update bundles end to end: published with {@code outpost mgmt bundle publish}, served by the
 * receiver, pulled by the agent into the gateway's state directory; tampered and rolled-back
 * bundles refused with the installed one kept; the same checks from removable media.
 */
class BundleSyncTest {
    private static final Duration T = Duration.ofSeconds(60);
    @TempDir
    Path dir;

    private final Ed25519Key signer = Ed25519Key.generate();

    private byte[] signed(String type, long sequence) {
        return UpdateBundles.sign(new UpdateBundle(type, sequence, Instant.now(), Json.mapper().valueToTree(Map.of("n", sequence))), signer);
    }

    @Test
    void publishedBundlesReachTheStateDirectoryAndBadOnesNever() throws Exception {
        Path keyFile = dir.resolve("update-signing.jwk");
        Files.writeString(keyFile, signer.toJson());
        Path pubFile = dir.resolve("update-signing.pub.jwk");
        Files.writeString(pubFile, signer.publicKey().toJson());
        Path content = dir.resolve("revocations.json");
        Files.writeString(content, "[{\"jti\":\"jti-1\",\"expiresAt\":\"2100-01-01T00:00:00Z\"}]");
        Path bundles = dir.resolve("bundles");
        JavaProcess.Result pub = JavaProcess.of("sync", Receiver.MAIN, "bundle", "publish", "--type", "revocations",
                "--content", content.toString(), "--key", keyFile.toString(), "--to", bundles.toString()).run(T);
        assertEquals(0, pub.exitCode(), pub.output());

        Path state = dir.resolve("state");
        BundleStore store = new BundleStore(state);
        Path installed = store.path(UpdateBundle.REVOCATIONS);
        try (Journal ignored = Journal.create(dir.resolve("journal"), "dev-b");
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0, "--bundles", bundles.toString());
             Agent agent = Agent.start(new SyncYaml(dir.resolve("journal"), state).url(receiver.url())
                     .extra("updates:\n  publicKey: " + pubFile + "\n  pollIntervalSeconds: 1\n").write(dir.resolve("sync.yaml")))) {
            await().atMost(T).until(() -> Files.exists(installed));
            assertArrayEquals(Files.readAllBytes(bundles.resolve("revocations/1.jws")), Files.readAllBytes(installed));
            assertEquals(1, store.readVerified(UpdateBundle.REVOCATIONS, signer.publicKey()).orElseThrow().sequence());
            await().atMost(T).until(() -> agent.metric("outpost_sync_bundle_sequence{type=\"revocations\"}") == 1);

            // Tampered: one payload character of a newer bundle changed (to another valid base64url letter) on the server.
            byte[] tampered = signed(UpdateBundle.REVOCATIONS, 2);
            int inPayload = new String(tampered, java.nio.charset.StandardCharsets.US_ASCII).indexOf('.') + 10;
            tampered[inPayload] = (byte) (tampered[inPayload] == 'A' ? 'B' : 'A');
            Files.write(bundles.resolve("revocations/2.jws"), tampered);
            await().atMost(T).until(() -> agent.metrics().contains(
                    "outpost_sync_bundles_refused_total{reason=\"bad_signature\",type=\"revocations\"}"));
            assertEquals(1, store.readVerified(UpdateBundle.REVOCATIONS, signer.publicKey()).orElseThrow().sequence());

            // A valid newer one replaces it; then a server that offers an older sequence (under a newer file name) is refused.
            Files.write(bundles.resolve("revocations/3.jws"), signed(UpdateBundle.REVOCATIONS, 3));
            await().atMost(T).until(() -> store.readVerified(UpdateBundle.REVOCATIONS, signer.publicKey()).orElseThrow().sequence() == 3);
            Files.write(bundles.resolve("revocations/9.jws"), signed(UpdateBundle.REVOCATIONS, 2));
            await().atMost(T).until(() -> agent.metrics().contains(
                    "outpost_sync_bundles_refused_total{reason=\"rollback\",type=\"revocations\"}"));
            assertEquals(3, store.readVerified(UpdateBundle.REVOCATIONS, signer.publicKey()).orElseThrow().sequence());

            // Signed by another key: refused, and said so once in the log.
            Files.createDirectories(bundles.resolve("keys"));
            Files.write(bundles.resolve("keys/1.jws"), UpdateBundles.sign(new UpdateBundle(UpdateBundle.KEYS, 1, Instant.now(), Json.mapper().createObjectNode()), Ed25519Key.generate()));
            await().atMost(T).until(() -> agent.metrics().contains("outpost_sync_bundles_refused_total{reason=\"wrong_key\",type=\"keys\"}"));
            assertTrue(Files.notExists(store.path(UpdateBundle.KEYS)));
            assertTrue(agent.process.output().contains("refused keys bundle"), agent.process.output());
        }
    }

    @Test
    void importFromMediaAppliesTheNewestAndRefusesTamperedOnes() throws Exception {
        Path pubFile = dir.resolve("update-signing.pub.jwk");
        Files.writeString(pubFile, signer.publicKey().toJson());
        Path state = dir.resolve("state");
        Path config = new SyncYaml(dir.resolve("journal"), state).extra("updates:\n  publicKey: " + pubFile + "\n").write(dir.resolve("sync.yaml"));
        Path stick = dir.resolve("usb");
        Files.createDirectories(stick.resolve("keys"));
        Files.write(stick.resolve("revocations-4.jws"), signed(UpdateBundle.REVOCATIONS, 4));
        Files.write(stick.resolve("revocations-2.jws"), signed(UpdateBundle.REVOCATIONS, 2));
        Files.write(stick.resolve("keys/7.jws"), signed(UpdateBundle.KEYS, 7));

        JavaProcess.Result ok = Agent.command(T, "import", "--config", config.toString(), "--from", stick.toString());
        assertEquals(0, ok.exitCode(), ok.output());
        assertTrue(ok.output().contains("revocations-4.jws: revocations 4: installed (was 2)"), ok.output());
        assertTrue(ok.output().contains("keys/7.jws: keys 7: installed (was none)"), ok.output());
        BundleStore store = new BundleStore(state);
        assertEquals(4, store.readVerified(UpdateBundle.REVOCATIONS, signer.publicKey()).orElseThrow().sequence());

        // Same stick again: nothing changes. Then a tampered newer one and an older one: refused / skipped, 4 stays.
        JavaProcess.Result again = Agent.command(T, "import", "--config", config.toString(), "--from", stick.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("revocations-4.jws: revocations 4: already installed"), again.output());
        byte[] tampered = signed(UpdateBundle.REVOCATIONS, 5);
        tampered[40] ^= 0x01;
        Files.write(stick.resolve("revocations-5.jws"), tampered);
        JavaProcess.Result bad = Agent.command(T, "import", "--config", config.toString(), "--from", stick.toString());
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("revocations-5.jws: REFUSED"), bad.output());
        assertTrue(bad.output().contains("revocations-2.jws: revocations 2: skipped: revocations bundle sequence 2 is not newer than the installed sequence 4"), bad.output());
        assertEquals(4, store.readVerified(UpdateBundle.REVOCATIONS, signer.publicKey()).orElseThrow().sequence());
    }
}
