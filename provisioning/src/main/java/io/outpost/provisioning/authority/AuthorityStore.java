package io.outpost.provisioning.authority;

import io.outpost.common.io.AtomicFiles;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.provisioning.FileModes;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.authority.AuthorityFiles.SignedKey;
import io.outpost.provisioning.pki.CertificateIssuer.Profile;
import io.outpost.provisioning.pki.Ed25519Keys;
import io.outpost.provisioning.pki.EncryptedKeys;
import io.outpost.provisioning.pki.Pem;
import io.outpost.provisioning.pki.Validity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

/** Makes and opens an authority directory. Rotation is in {@link KeyRotation}. */
public final class AuthorityStore {
    static final int AUTHORITY_DAYS = 20 * 365;
    static final int SIGNING_KEY_DAYS = 5 * 365;

    private AuthorityStore() {}

    /**
     * A new authority in an empty (or absent) {@code files.dir()}: root key, self-signed certificate,
     * and the update-signing and publisher keys, each certified by it. {@code publisher} is an
     * existing publisher key to certify (public half suffices); null makes a new one.
     */
    public static Authority init(AuthorityFiles files, String name, char[] passphrase, Ed25519Key publisher)
            throws ProvisioningException, IOException {
        if (Files.exists(files.certificate()) || Files.exists(files.encryptedKey())) {
            throw new ProvisioningException(files.dir() + ": already holds an authority (" + files.certificate().getFileName() + ")",
                    "use another directory; to replace a signing key use rotate-update-key or rotate-publisher-key");
        }
        Files.createDirectories(files.dir());
        // Owner-only: it holds the signing keys in the clear and the root key encrypted.
        Files.setPosixFilePermissions(files.dir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Ed25519Key root = Ed25519Key.generate();
        X500Name subject = new X500Name("CN=" + name);
        X509CertificateHolder cert = new io.outpost.provisioning.pki.CertificateIssuer(subject, root).issue(subject,
                Ed25519Keys.publicKeyInfo(root), Profile.AUTHORITY, Validity.days(Instant.now(), AUTHORITY_DAYS), List.of());
        AtomicFiles.write(files.encryptedKey(), ascii(EncryptedKeys.encrypt(Ed25519Keys.privateKeyInfo(root), passphrase)),
                FileModes.PRIVATE);
        AtomicFiles.write(files.certificate(), ascii(Pem.certificate(cert)));
        Authority authority = new Authority(files, cert, root);
        KeyRotation.certify(authority, SignedKey.UPDATE, Ed25519Key.generate());
        KeyRotation.certify(authority, SignedKey.PUBLISHER, publisher != null ? publisher : Ed25519Key.generate());
        return authority;
    }

    /** Decrypts the root key; refuses a key file others can read, and a key that is not the certificate's. */
    public static Authority open(AuthorityFiles files, char[] passphrase) throws ProvisioningException, IOException {
        if (!Files.isRegularFile(files.certificate()) || !Files.isRegularFile(files.encryptedKey())) {
            throw new ProvisioningException(files.dir() + ": not an authority directory (no " + files.certificate().getFileName()
                    + " and " + files.encryptedKey().getFileName() + ")", "make one with: outpost provision authority init " + files.dir());
        }
        FileModes.requireOwnerOnly(files.encryptedKey());
        X509CertificateHolder cert = certificate(files);
        Ed25519Key key;
        try {
            key = Ed25519Keys.fromPrivateKeyInfo(EncryptedKeys.decrypt(Files.readAllBytes(files.encryptedKey()), passphrase,
                    files.encryptedKey().toString()));
        } catch (EncryptedKeys.WrongPassphrase e) {
            throw new ProvisioningException(e.getMessage(), "type the passphrase given to 'authority init'", e);
        } catch (KeyException e) {
            throw new ProvisioningException(files.encryptedKey() + ": " + e.getMessage(), null, e);
        }
        if (!Ed25519Keys.publicKeyInfo(key).equals(cert.getSubjectPublicKeyInfo())) {
            throw new ProvisioningException(files.encryptedKey() + ": is not the key of " + files.certificate(),
                    "restore the pair that 'authority init' made together");
        }
        return new Authority(files, cert, key);
    }

    public static X509CertificateHolder certificate(AuthorityFiles files) throws ProvisioningException, IOException {
        List<X509CertificateHolder> certs = Pem.certificates(Files.readAllBytes(files.certificate()));
        if (certs.size() != 1) {
            throw new ProvisioningException(files.certificate() + ": holds " + certs.size() + " certificates, expected the authority's one",
                    "restore the file 'authority init' wrote");
        }
        return certs.get(0);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
