package io.outpost.provisioning;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The publisher (artifact-signing) key of a developer machine, kept under {@code $OUTPOST_HOME}
 * (default {@code ~/.config/outpost}): {@code keys/publisher.jwk} (private, mode 0600) and
 * {@code keys/publisher.pub.jwk} (public, to install on devices). Created once, on first use.
 */
public final class PublisherKeyStore {
    public static final String PRIVATE_FILE = "publisher.jwk";
    public static final String PUBLIC_FILE = "publisher.pub.jwk";

    private final Path keysDir;

    public PublisherKeyStore(Path outpostHome) {
        this.keysDir = outpostHome.resolve("keys");
    }

    /** {@code $OUTPOST_HOME}, else {@code ~/.config/outpost}. */
    public static Path defaultHome() {
        String env = System.getenv("OUTPOST_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".config", "outpost");
    }

    public Path privateKeyFile() {
        return keysDir.resolve(PRIVATE_FILE);
    }

    public Path publicKeyFile() {
        return keysDir.resolve(PUBLIC_FILE);
    }

    private static byte[] jwkFile(Ed25519Key key) {
        return (key.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The publisher key, and whether it was created by this call. */
    public record Loaded(Ed25519Key key, boolean created) {}

    public Loaded loadOrCreate() throws KeyException, IOException {
        if (Files.exists(privateKeyFile())) {
            Ed25519Key key = Ed25519Key.read(privateKeyFile());
            if (!key.isPrivate()) {
                throw new KeyException(privateKeyFile() + ": holds a public key only; a signing key needs its private part");
            }
            if (!Files.exists(publicKeyFile())) {
                AtomicFiles.write(publicKeyFile(), jwkFile(key.publicKey()));
            }
            return new Loaded(key, false);
        }
        Files.createDirectories(keysDir);
        Ed25519Key key = Ed25519Key.generate();
        AtomicFiles.write(privateKeyFile(), jwkFile(key), "rw-------");
        AtomicFiles.write(publicKeyFile(), jwkFile(key.publicKey()));
        return new Loaded(key, true);
    }
}
