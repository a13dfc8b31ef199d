package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.outpost.common.signing.Ed25519Key;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signing keys made at test time (no private key is ever committed), with the public halves
 * written the ways gateway.yaml takes them: a JWKS file, a PEM public key, a PEM certificate.
 */
final class TestKeys {
    private TestKeys() {}

    /** A private key that signs with {@code alg}, and its public half. */
    record Signing(String kid, JWSAlgorithm alg, JWSSigner signer, JWK publicJwk, Object publicKey, KeyPair pair) {
        Signing as(JWSAlgorithm other) {
            return new Signing(kid, other, signer, publicJwk, publicKey, pair);
        }
    }

    private static KeyPair rsaPair;

    /** One RSA 2048 pair per test JVM: generating them is the slow part of these tests. */
    static synchronized KeyPair rsaPair() {
        if (rsaPair == null) {
            rsaPair = newRsaPair(2048);
        }
        return rsaPair;
    }

    static KeyPair newRsaPair(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Signing rsa(String kid, JWSAlgorithm alg) {
        return rsa(kid, alg, rsaPair());
    }

    static Signing rsa(String kid, JWSAlgorithm alg, KeyPair pair) {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build();
        return new Signing(kid, alg, new RSASSASigner(pair.getPrivate()), jwk, pair.getPublic(), pair);
    }

    static Signing ec(String kid, Curve curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve == Curve.P_256 ? "secp256r1" : "secp384r1"));
            KeyPair pair = g.generateKeyPair();
            ECKey jwk = new ECKey.Builder(curve, (ECPublicKey) pair.getPublic()).keyID(kid).build();
            JWSAlgorithm alg = curve == Curve.P_256 ? JWSAlgorithm.ES256 : JWSAlgorithm.ES384;
            return new Signing(kid, alg, new ECDSASigner((ECPrivateKey) pair.getPrivate()), jwk, pair.getPublic(), pair);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static Signing ed25519(String kid) {
        Ed25519Key key = Ed25519Key.generate();
        JWK jwk = new com.nimbusds.jose.jwk.OctetKeyPair.Builder(key.jwk().toPublicJWK()).keyID(kid).build();
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                key.jwk().getX().decode());
        return new Signing(kid, JWSAlgorithm.EdDSA, key.signer(), jwk, spki, null);
    }

    static Path jwks(Path dir, String name, Signing... keys) throws IOException {
        List<JWK> jwks = new ArrayList<>();
        for (Signing key : keys) {
            jwks.add(key.publicJwk());
        }
        return write(dir.resolve(name), new JWKSet(jwks).toString(true));
    }

    static Path publicKeyPem(Path dir, String name, Signing key) throws IOException {
        return write(dir.resolve(name), pem(key.publicKey()));
    }

    /** A self-signed certificate of the key (its validity dates do not matter to the gateway). */
    static Path certificatePem(Path dir, String name, Signing key) throws Exception {
        X500Name subject = new X500Name("CN=test issuer");
        Date from = new Date(System.currentTimeMillis() - 86_400_000L);
        Date to = new Date(System.currentTimeMillis() + 86_400_000L);
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, from, to, subject, key.pair().getPublic());
        String signature = key.pair().getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        var holder = builder.build(new JcaContentSignerBuilder(signature).build(key.pair().getPrivate()));
        return write(dir.resolve(name), pem(new JcaX509CertificateConverter().getCertificate(holder)));
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
