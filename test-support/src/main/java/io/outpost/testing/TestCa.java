package io.outpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made at test time, so TLS and mTLS tests never depend on
 * checked-in key material (which would expire, or leak into a real trust store). Keys are EC
 * P-256: the JDK's own TLS stack handles them without an extra provider, and they are quick to
 * generate on a small machine.
 *
 * <p>Files: {@code ca.pem} (the CA certificate), and per issued name {@code <name>.pem} (leaf
 * then CA, the chain a server presents) and {@code <name>.key.pem} (PKCS#8, unencrypted).
 */
public final class TestCa {
    /** What a leaf certificate may be used for (extended key usage). */
    public enum Usage { SERVER, CLIENT }

    /** An issued leaf: its files and the objects, for in-process TLS contexts. */
    public record Issued(Path certPem, Path keyPem, X509Certificate certificate, PrivateKey key) {
        /** Key managers presenting this certificate with the chain from {@link #certPem()} (leaf, then CA). */
        public KeyManagerFactory keyManagers() {
            try {
                Certificate[] chain;
                try (InputStream in = Files.newInputStream(certPem)) {
                    chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("key", key, PASSWORD, chain);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, PASSWORD);
                return kmf;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build key managers for " + certificate.getSubjectX500Principal(), e);
            }
        }
    }

    private static final char[] PASSWORD = "test".toCharArray();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    private TestCa(Path dir, KeyPair caKeys, X509Certificate caCertificate) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
    }

    /** Creates a new CA (fresh key) and writes {@code dir/ca.pem}. */
    public static TestCa create(Path dir) throws IOException {
        Files.createDirectories(dir);
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=Outpost Test CA " + System.nanoTime());
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(b, keys.getPrivate());
            TestCa ca = new TestCa(dir, keys, cert);
            Files.writeString(ca.caPem(), pem(cert), StandardCharsets.US_ASCII);
            return ca;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create test CA", e);
        }
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    /**
     * Issues a leaf certificate with CN {@code name} and writes {@code <name>.pem} and
     * {@code <name>.key.pem}. Subject alternative names are DNS names or IP literals.
     */
    public Issued issue(String name, Set<Usage> usages, String... subjectAltNames) throws IOException {
        return issue(name, Duration.ofDays(30), usages, subjectAltNames);
    }

    /** As {@link #issue(String, Set, String...)}, valid from an hour ago until {@code validFor} from now (expiry tests). */
    public Issued issue(String name, Duration validFor, Set<Usage> usages, String... subjectAltNames) throws IOException {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate,
                    BigInteger.valueOf(serial.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validFor)),
                    new X500Name("CN=" + name), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (usages.contains(Usage.SERVER)) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (usages.contains(Usage.CLIENT)) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            if (!purposes.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            if (subjectAltNames.length > 0) {
                GeneralName[] names = new GeneralName[subjectAltNames.length];
                for (int i = 0; i < names.length; i++) {
                    String san = subjectAltNames[i];
                    names[i] = isIpLiteral(san) ? new GeneralName(GeneralName.iPAddress, san) : new GeneralName(GeneralName.dNSName, san);
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate cert = sign(b, caKeys.getPrivate());
            Path certPem = dir.resolve(name + ".pem");
            Path keyPem = dir.resolve(name + ".key.pem");
            Files.writeString(certPem, pem(cert) + pem(caCertificate), StandardCharsets.US_ASCII);
            Files.writeString(keyPem, pkcs8Pem(keys.getPrivate()), StandardCharsets.US_ASCII);
            return new Issued(certPem, keyPem, cert, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue " + name, e);
        }
    }

    /** Writes {@code <name>.crl.pem}: this CA's CRL listing {@code revoked} (none: an empty list), valid for a week. */
    public Path crl(String name, X509Certificate... revoked) throws IOException {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofHours(1))));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        for (X509Certificate cert : revoked) {
            b.addCRLEntry(cert.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(5))), CRLReason.keyCompromise);
        }
        try {
            X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())));
            Path file = dir.resolve(name + ".crl.pem");
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(crl);
            }
            Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
            return file;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot write a CRL", e);
        }
    }

    /** Trust managers that trust exactly this CA. */
    public TrustManagerFactory trustManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", caCertificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build trust managers", e);
        }
    }

    /** A server context presenting {@code server} and trusting this CA for client certificates. */
    public SSLContext serverContext(Issued server) {
        return context(server);
    }

    /** A client context trusting this CA, presenting {@code client} if it is not null. */
    public SSLContext clientContext(Issued client) {
        return context(client);
    }

    private SSLContext context(Issued identity) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(identity == null ? null : identity.keyManagers().getKeyManagers(),
                    trustManagers().getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS context", e);
        }
    }

    private static boolean isIpLiteral(String s) {
        if (IPV4.matcher(s).matches() || s.contains(":")) {
            try {
                InetAddress.getByName(s); // a literal: no lookup happens
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(X509Certificate cert) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), the form every TLS stack and our own PEM readers accept. */
    private static String pkcs8Pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** DER bytes as a PEM block of {@code type} ("PUBLIC KEY", "PRIVATE KEY" …), 64 characters a line. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
