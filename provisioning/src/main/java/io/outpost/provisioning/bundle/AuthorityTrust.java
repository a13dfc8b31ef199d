package io.outpost.provisioning.bundle;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.pki.Ed25519Keys;
import io.outpost.provisioning.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Which authority a device trusts, decided before the bundle is read: the certificate given with
 * {@code --authority-cert} (brought apart from the bundle), else the one an earlier install left in
 * the root, else the bundle's own certificate if its fingerprint equals {@code --authority-fingerprint}.
 * A bundle never vouches for itself: with none of these, install refuses.
 */
public final class AuthorityTrust {
    private AuthorityTrust() {}

    public static Ed25519Key resolve(Path bundle, Path authorityCert, String fingerprint, Path root)
            throws ProvisioningException, IOException {
        Path installed = root.resolve(Layout.AUTHORITY_CERT);
        if (authorityCert != null) {
            return key(readOne(authorityCert), authorityCert);
        }
        if (Files.isRegularFile(installed)) {
            return key(readOne(installed), installed);
        }
        X509CertificateHolder embedded = ProvisioningBundle.embeddedAuthority(bundle);
        String claimed = Pem.fingerprint(embedded);
        if (fingerprint == null) {
            throw new ProvisioningException("no trusted authority for " + bundle + " (this root has no " + Layout.AUTHORITY_CERT + ")",
                    "pass --authority-cert FILE (authority.pem, brought apart from the bundle) or --authority-fingerprint SHA256 as "
                            + "'authority init' printed it; the bundle names authority " + claimed + ", compare before trusting it");
        }
        if (!claimed.equalsIgnoreCase(fingerprint.replace(":", ""))) {
            throw new ProvisioningException(bundle + ": its authority certificate has fingerprint " + claimed + ", not the "
                    + fingerprint + " you gave", "this bundle comes from another authority; do not install it");
        }
        return key(embedded, bundle);
    }

    static X509CertificateHolder readOne(Path file) throws ProvisioningException, IOException {
        List<X509CertificateHolder> certs = Pem.certificates(Files.readAllBytes(file));
        if (certs.size() != 1) {
            throw new ProvisioningException(file + ": holds " + certs.size() + " certificates, expected the authority's one",
                    "pass the authority.pem that 'authority init' wrote");
        }
        return certs.get(0);
    }

    private static Ed25519Key key(X509CertificateHolder cert, Path source) throws ProvisioningException {
        try {
            return Ed25519Keys.fromPublicKeyInfo(cert.getSubjectPublicKeyInfo());
        } catch (KeyException e) {
            throw new ProvisioningException(source + ": " + e.getMessage(), "pass the certificate of an Outpost provisioning authority");
        }
    }
}
