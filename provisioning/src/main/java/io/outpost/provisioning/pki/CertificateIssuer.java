package io.outpost.provisioning.pki;

import io.outpost.common.signing.Ed25519Key;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues X.509 certificates signed by the provisioning authority's Ed25519 key. */
public final class CertificateIssuer {
    /** What a certificate may be used for; each maps to fixed key usages so none can stand in for another. */
    public enum Profile { AUTHORITY, SIGNING_KEY, TLS_SERVER, TLS_CLIENT }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X500Name issuer;
    private final Ed25519Key issuerKey;

    public CertificateIssuer(X500Name issuer, Ed25519Key issuerKey) {
        this.issuer = issuer;
        this.issuerKey = issuerKey;
    }

    public X509CertificateHolder issue(X500Name subject, SubjectPublicKeyInfo key, Profile profile, Validity validity,
                                       List<GeneralName> altNames) {
        var utils = new BcX509ExtensionUtils();
        var builder = new X509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, key);
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(Ed25519Keys.publicKeyInfo(issuerKey)));
            boolean ca = profile == Profile.AUTHORITY;
            builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(switch (profile) {
                case AUTHORITY -> KeyUsage.keyCertSign | KeyUsage.cRLSign;
                case SIGNING_KEY -> KeyUsage.digitalSignature;
                case TLS_SERVER, TLS_CLIENT -> KeyUsage.digitalSignature | KeyUsage.keyAgreement;
            }));
            if (profile == Profile.TLS_SERVER || profile == Profile.TLS_CLIENT) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        profile == Profile.TLS_SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            }
            if (!altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(GeneralName[]::new)));
            }
            return builder.build(signer());
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ContentSigner signer() {
        try {
            return new JcaContentSignerBuilder("Ed25519").setProvider(Bc.PROVIDER).build(Ed25519Keys.jcaPrivateKey(issuerKey));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
