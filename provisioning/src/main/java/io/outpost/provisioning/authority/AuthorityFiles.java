package io.outpost.provisioning.authority;

import java.nio.file.Path;

/**
 * The authority directory, kept on an offline machine. The root key is encrypted to a passphrase;
 * the two keys it certifies are plain JWK (0600) because {@code outpost mgmt bundle publish --key}
 * and {@code outpost build} read them as they are.
 */
public record AuthorityFiles(Path dir) {
    public Path certificate() {
        return dir.resolve("authority.pem");
    }

    public Path encryptedKey() {
        return dir.resolve("authority.key.pem");
    }

    public Path key(SignedKey which) {
        return dir.resolve(which.base + ".jwk");
    }

    public Path publicKey(SignedKey which) {
        return dir.resolve(which.base + ".pub.jwk");
    }

    public Path keyCertificate(SignedKey which) {
        return dir.resolve(which.base + ".pem");
    }

    /** Where a rotated-out key goes, by its thumbprint: kept, never deleted, so old signatures can still be explained. */
    public Path retired(SignedKey which, String thumbprint) {
        return dir.resolve("retired").resolve(which.base + "-" + thumbprint);
    }

    /** The two keys the authority certifies; neither can stand in for the other (docs/architecture.md). */
    public enum SignedKey {
        UPDATE("update-signing", "Outpost update-signing key"),
        PUBLISHER("publisher", "Outpost publisher key");

        public final String base;
        public final String commonName;

        SignedKey(String base, String commonName) {
            this.base = base;
            this.commonName = commonName;
        }
    }
}
