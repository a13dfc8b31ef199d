package io.outpost.gateway.updates;

import io.outpost.common.bundle.BundleException;
import io.outpost.common.bundle.BundleStore;
import io.outpost.common.bundle.UpdateBundle;
import io.outpost.common.bundle.UpdateBundles;
import io.outpost.common.json.Json;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Update bundles for the gateway's tests, installed as the sync agent installs them (signed with
 * a key made at test time, {@link BundleStore#install} into the state directory).
 */
public final class Bundles {
    private final Ed25519Key signer = Ed25519Key.generate();
    private final BundleStore store;

    public Bundles(Path stateDir) {
        this.store = new BundleStore(stateDir);
    }

    public Ed25519Key publicKey() {
        return signer.publicKey();
    }

    public String publicJwk() {
        return signer.publicKey().toJson();
    }

    public BundleStore store() {
        return store;
    }

    /** Signs {@code json} (single quotes allowed for readability) as {@code type}'s bundle {@code sequence} and installs it. */
    public void install(String type, long sequence, String json) throws IOException, BundleException {
        store.install(sign(type, sequence, json), signer.publicKey());
    }

    public byte[] sign(String type, long sequence, String json) throws IOException {
        return UpdateBundles.sign(new UpdateBundle(type, sequence, Instant.now(),
                Json.mapper().readTree(json.replace('\'', '"'))), signer);
    }

    /** What a publisher lists for a token: the hex SHA-256 of its UTF-8 bytes. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An opaque-tokens entry for {@code token}, subscribed to {@code api} 1.0.0, expiring {@code expiresAt}. */
    public static String token(String token, String subject, String api, long expiresAt) {
        return ("{'sha256': '%s', 'subject': '%s', 'clientId': 'client-%s', 'scopes': ['read'], 'expiresAt': %d, "
                + "'application': {'id': 'app-%s', 'name': 'App %s', 'tier': 'Gold'}, "
                + "'subscriptions': [{'name': '%s', 'version': '1.0.0', 'tier': 'Unlimited'}]}")
                .formatted(sha256(token), subject, subject, expiresAt, subject, subject, api);
    }
}
