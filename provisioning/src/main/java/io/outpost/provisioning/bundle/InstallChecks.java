package io.outpost.provisioning.bundle;

import io.outpost.provisioning.ProvisioningException;
import io.outpost.provisioning.pki.Bc;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * What install refuses even in a correctly signed bundle: an expired certificate (a device would
 * start and then fail every handshake), and a device or signing-key certificate not issued by the
 * bundle's own authority.
 */
final class InstallChecks {
    private static final Set<String> ISSUED_BY_AUTHORITY = Set.of(Layout.SERVER_CERT, Layout.CLIENT_CERT,
            Layout.UPDATE_CERT, Layout.PUBLISHER_CERT);

    private InstallChecks() {}

    static void certificates(ProvisioningBundle bundle, X509CertificateHolder authority, Instant now)
            throws ProvisioningException, IOException {
        for (BundleCertificate c : BundleCertificate.all(bundle)) {
            if (c.expiredAt(now)) {
                throw new ProvisioningException(bundle.file() + ": " + c.entry() + ": certificate " + c.cert().getSubject()
                        + " expired at " + c.notAfter(), "make a new bundle with outpost provision device (it issues new certificates)");
            }
        }
        for (String entry : ISSUED_BY_AUTHORITY) {
            byte[] pem = bundle.bytes(entry);
            if (pem == null) {
                throw new ProvisioningException(bundle.file() + ": has no " + entry, "make it again with outpost provision device");
            }
            X509CertificateHolder leaf = io.outpost.provisioning.pki.Pem.certificates(pem).get(0);
            if (!signedBy(leaf, authority)) {
                throw new ProvisioningException(bundle.file() + ": " + entry + ": certificate " + leaf.getSubject()
                        + " is not issued by the bundle's authority", "make it again with outpost provision device");
            }
        }
    }

    private static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder issuer) {
        try {
            var issuerCert = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(issuer);
            return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(issuerCert));
        } catch (Exception e) {
            return false;
        }
    }
}
