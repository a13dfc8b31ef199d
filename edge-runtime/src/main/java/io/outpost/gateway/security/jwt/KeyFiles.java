package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.outpost.common.signing.Ed25519Jws;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads an issuer's public keys: a JWKS file (or one JWK), PEM certificates and PEM public keys
 * (several per file). Only public halves are kept; symmetric keys, encryption keys, RSA under 2048
 * bits and curves other than P-256, P-384 and Ed25519 are refused. A certificate only carries its
 * key: its validity dates and chain are not judged (the file itself is what is trusted).
 */
final class KeyFiles {
    private KeyFiles() {}

    /** The signing keys of a JWKS file; a key that cannot verify anything makes the file unusable. */
    static List<TrustedKey> jwks(Path file) throws KeyException {
        String text = read(file);
        JWKSet set;
        try {
            set = text.contains("\"keys\"") ? JWKSet.parse(text) : new JWKSet(JWK.parse(text));
        } catch (ParseException e) {
            throw new KeyException("not a JWKS (expected {\"keys\": [ ... ]}): " + e.getMessage());
        }
        List<TrustedKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
                continue; // an issuer's JWKS may list its encryption keys too
            }
            if (jwk.isPrivate() && !(jwk instanceof OctetSequenceKey)) {
                throw new KeyException("key " + jwk.getKeyID() + " holds private key material: give the issuer's public JWKS");
            }
            keys.add(fromJwk(jwk, file.toString()));
        }
        if (keys.isEmpty()) {
            throw new KeyException("holds no signature key");
        }
        return keys;
    }

    /** A JWK as a trusted key (a bundle's or a file's). */
    static TrustedKey fromJwk(JWK jwk, String source) throws KeyException {
        JWSAlgorithm only = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
        TrustedKey key;
        try {
            if (jwk instanceof RSAKey rsa) {
                key = rsa(rsa.toRSAPublicKey(), jwk.getKeyID(), only, source);
            } else if (jwk instanceof ECKey ec) {
                key = ec(ec.toECPublicKey(), jwk.getKeyID(), only, source);
            } else if (jwk instanceof OctetKeyPair okp) {
                key = new TrustedKey(jwk.getKeyID(), KeyKind.ED25519, only, Ed25519Key.fromJwk(okp.toPublicJWK()).verifier(), source);
            } else {
                throw new KeyException("key " + jwk.getKeyID() + " is " + jwk.getKeyType()
                        + ": only RSA, EC (P-256, P-384) and Ed25519 public keys verify tokens here (no shared secrets)");
            }
        } catch (JOSEException e) {
            throw new KeyException("key " + jwk.getKeyID() + " is unusable: " + e.getMessage());
        }
        if (only != null && !key.kind().verifies(only)) {
            throw new KeyException("key " + jwk.getKeyID() + " names alg " + only + ", which a " + key.kind() + " key cannot verify");
        }
        return key;
    }

    /** Every certificate and public key of a PEM file. */
    static List<TrustedKey> pem(Path file) throws KeyException {
        String text = read(file);
        List<TrustedKey> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                SubjectPublicKeyInfo info;
                if (object instanceof X509CertificateHolder certificate) {
                    info = certificate.getSubjectPublicKeyInfo();
                } else if (object instanceof SubjectPublicKeyInfo publicKey) {
                    info = publicKey;
                } else {
                    throw new KeyException("holds a " + object.getClass().getSimpleName()
                            + ": give the issuer's certificate (BEGIN CERTIFICATE) or public key (BEGIN PUBLIC KEY) only");
                }
                keys.add(fromPublicKeyInfo(info, file.toString()));
            }
        } catch (IOException | RuntimeException e) {
            throw new KeyException("unreadable PEM: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new KeyException("holds no PEM certificate (BEGIN CERTIFICATE) or public key (BEGIN PUBLIC KEY)");
        }
        return keys;
    }

    private static TrustedKey fromPublicKeyInfo(SubjectPublicKeyInfo info, String source) throws KeyException {
        try {
            if (PublicKeyFactory.createKey(info) instanceof Ed25519PublicKeyParameters ed) {
                return new TrustedKey(null, KeyKind.ED25519, null, Ed25519Jws.verifier(ed), source);
            }
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(info);
            if (key instanceof RSAPublicKey rsa) {
                return rsa(rsa, null, null, source);
            }
            if (key instanceof ECPublicKey ec) {
                return ec(ec, null, null, source);
            }
            throw new KeyException("a " + key.getAlgorithm() + " key: only RSA, EC (P-256, P-384) and Ed25519 keys verify tokens here");
        } catch (IOException | RuntimeException e) {
            throw new KeyException("unusable public key: " + e.getMessage());
        }
    }

    private static TrustedKey rsa(RSAPublicKey key, String kid, JWSAlgorithm only, String source) throws KeyException {
        if (key.getModulus().bitLength() < KeyKind.MIN_RSA_BITS) {
            throw new KeyException("RSA key" + (kid == null ? "" : " " + kid) + " has " + key.getModulus().bitLength()
                    + " bits; at least " + KeyKind.MIN_RSA_BITS + " are required");
        }
        return new TrustedKey(kid, KeyKind.RSA, only, new RSASSAVerifier(key), source);
    }

    private static TrustedKey ec(ECPublicKey key, String kid, JWSAlgorithm only, String source) throws KeyException {
        Curve curve = Curve.forECParameterSpec(key.getParams());
        KeyKind kind = Curve.P_256.equals(curve) ? KeyKind.EC_P256 : Curve.P_384.equals(curve) ? KeyKind.EC_P384 : null;
        if (kind == null) {
            throw new KeyException("EC key" + (kid == null ? "" : " " + kid) + " is on curve " + curve
                    + ": only P-256 (ES256) and P-384 (ES384) are accepted");
        }
        try {
            return new TrustedKey(kid, kind, only, EcdsaVerifier.of(key, kind), source);
        } catch (IllegalArgumentException e) {
            throw new KeyException("EC key" + (kid == null ? "" : " " + kid) + " is not a valid point of " + curve);
        }
    }

    private static String read(Path file) throws KeyException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new KeyException("cannot read: " + e.getMessage());
        }
    }
}
