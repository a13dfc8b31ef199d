package io.outpost.gateway.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The TLS files a device is provisioned with: PEM certificate chains, an unencrypted private key,
 * CRLs (PEM or DER). Each failure is an {@link IOException} whose message says what the file
 * holds instead and how to fix it, because it becomes a configuration error at its line.
 */
public final class PemFiles {
    private PemFiles() {}

    /** Every certificate of a PEM file, in order (a chain: leaf first). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
            if (certs.isEmpty()) {
                throw new IOException(file + " holds no certificate (expected PEM '-----BEGIN CERTIFICATE-----')");
            }
            return List.copyOf(certs);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /**
     * An unencrypted private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), or the traditional RSA / EC
     * forms OpenSSL also writes.
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        Object pem;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            pem = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a readable PEM private key: " + e.getMessage(), e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IOException(file + ": unusable private key: " + e.getMessage(), e);
        }
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMEncryptedKeyPair) {
            throw new IOException(file + " holds an encrypted key, which the gateway cannot unlock unattended; decrypt it once: "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out KEY.pem");
        }
        throw new IOException(file + " holds no private key (expected PEM '-----BEGIN PRIVATE KEY-----'"
                + (pem == null ? "" : ", found " + pem.getClass().getSimpleName()) + ")");
    }

    /** Every CRL of a file, PEM ({@code BEGIN X509 CRL}) or DER. */
    public static List<X509CRL> crls(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509CRL> crls = new ArrayList<>();
            for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                crls.add((X509CRL) crl);
            }
            if (crls.isEmpty()) {
                throw new IOException(file + " holds no CRL (expected PEM '-----BEGIN X509 CRL-----' or DER)");
            }
            return List.copyOf(crls);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a CRL file (PEM or DER): " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} is the private key of {@code certificate}: it signs what the certificate's key verifies. */
    public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return key.getAlgorithm().equalsIgnoreCase(certificate.getPublicKey().getAlgorithm());
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another type than the certificate's
        }
    }
}
