package io.outpost.provisioning.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The device's own key: EC P-256, because every TLS client and API Management speaks it (an
 * Ed25519 server key is not yet usable by browsers or many HTTP clients). It serves both the HTTPS
 * listener and the client certificate for mutual TLS to API Management.
 */
public final class DeviceKeys {
    private DeviceKeys() {}

    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    /** Unencrypted PKCS#8 PEM: the form listeners.https.key and management.auth.clientKey read. */
    public static String privateKeyPem(KeyPair pair) {
        return Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    public static PrivateKeyInfo privateKeyInfo(KeyPair pair) {
        return PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
    }

    public static SubjectPublicKeyInfo publicKeyInfo(KeyPair pair) {
        return SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    }

    /** The public key of a PEM private key (PKCS#8 or traditional EC), to match it against a certificate. */
    public static SubjectPublicKeyInfo publicKeyOf(byte[] privateKeyPem, String source) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(privateKeyPem, StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            if (o instanceof PEMKeyPair pair) {
                return pair.getPublicKeyInfo();
            }
            if (o instanceof PrivateKeyInfo info) {
                var key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(info);
                if (key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec) {
                    var spec = ec.getParameters();
                    var q = spec.getG().multiply(ec.getD()).normalize();
                    var pub = java.security.KeyFactory.getInstance("EC", Bc.PROVIDER).generatePublic(
                            new org.bouncycastle.jce.spec.ECPublicKeySpec(q, spec));
                    return SubjectPublicKeyInfo.getInstance(pub.getEncoded());
                }
            }
            throw new IOException(source + ": not an unencrypted EC private key (PEM PRIVATE KEY)");
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": unusable private key: " + e.getMessage(), e);
        }
    }

    public static String csrPem(KeyPair pair, String deviceName) {
        try {
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + deviceName), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR's public key, after checking the CSR is signed by that key (proof the device holds it). */
    public static SubjectPublicKeyInfo csrPublicKey(byte[] pem, String source) throws IOException {
        Object o;
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            o = parser.readObject();
        }
        if (!(o instanceof PKCS10CertificationRequest csr)) {
            throw new IOException(source + ": not a certificate request (PEM CERTIFICATE REQUEST); make one with outpost provision csr");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(csr.getSubjectPublicKeyInfo()))) {
                throw new IOException(source + ": the request's signature does not verify (altered request)");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new IOException(source + ": the request's signature cannot be checked: " + e.getMessage(), e);
        }
        return csr.getSubjectPublicKeyInfo();
    }
}
