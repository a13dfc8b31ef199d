package io.outpost.provisioning.authority;

import io.outpost.common.signing.Ed25519Key;
import io.outpost.provisioning.pki.CertificateIssuer;
import org.bouncycastle.cert.X509CertificateHolder;

/** An opened (decrypted) provisioning authority: its certificate, root key and directory. */
public record Authority(AuthorityFiles files, X509CertificateHolder certificate, Ed25519Key key) {
    public CertificateIssuer issuer() {
        return new CertificateIssuer(certificate.getSubject(), key);
    }
}
