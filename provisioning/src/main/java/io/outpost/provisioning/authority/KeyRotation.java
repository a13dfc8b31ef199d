package io.outpost.provisioning.authority;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.FileModes;
import io.outpost.provisioning.authority.AuthorityFiles.SignedKey;
import io.outpost.provisioning.pki.CertificateIssuer.Profile;
import io.outpost.provisioning.pki.Ed25519Keys;
import io.outpost.provisioning.pki.Pem;
import io.outpost.provisioning.pki.Validity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Certifies the update-signing or publisher key, and replaces one: the old files move to
 * {@code retired/<base>-<thumbprint>/} and a new key is certified. A lost key is recovered the same
 * way (the authority, not the lost key, is what devices are provisioned to trust); devices then take
 * the new public key from a new provisioning bundle.
 */
public final class KeyRotation {
    private KeyRotation() {}

    /** @return the retired key's thumbprint, or null when there was none (a lost key) */
    public static String rotate(Authority authority, SignedKey which, Ed25519Key replacement) throws IOException {
        AuthorityFiles files = authority.files();
        String old = null;
        if (Files.exists(files.publicKey(which))) {
            try {
                old = Ed25519Key.read(files.publicKey(which)).thumbprint();
            } catch (io.outpost.common.signing.KeyException e) {
                old = "unreadable-" + Instant.now().getEpochSecond();
            }
            Path retired = files.retired(which, old);
            Files.createDirectories(retired);
            for (Path p : List.of(files.key(which), files.publicKey(which), files.keyCertificate(which))) {
                if (Files.exists(p)) {
                    Files.move(p, retired.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        certify(authority, which, replacement);
        return old;
    }

    static void certify(Authority authority, SignedKey which, Ed25519Key key) throws IOException {
        AuthorityFiles files = authority.files();
        if (key.isPrivate()) {
            AtomicFiles.write(files.key(which), (key.toJson() + "\n").getBytes(StandardCharsets.UTF_8), FileModes.PRIVATE);
        }
        AtomicFiles.write(files.publicKey(which), (key.publicKey().toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        var cert = authority.issuer().issue(new X500Name("CN=" + which.commonName + ",OU=" + key.thumbprint()),
                Ed25519Keys.publicKeyInfo(key), Profile.SIGNING_KEY,
                Validity.days(Instant.now(), AuthorityStore.SIGNING_KEY_DAYS), List.of());
        AtomicFiles.write(files.keyCertificate(which), Pem.certificate(cert).getBytes(StandardCharsets.US_ASCII));
    }
}
