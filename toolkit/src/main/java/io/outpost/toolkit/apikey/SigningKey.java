package io.outpost.toolkit.apikey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * An API-key issuer's private key from a PEM file (PKCS#8, or the traditional RSA / EC forms): RSA
 * (2048 bits or more) signs RS256, EC P-256 ES256, P-384 ES384, Ed25519 EdDSA. Its default key id is
 * the RFC 7638 thumbprint of the public half, as Outpost names keys elsewhere.
 */
public record SigningKey(JWSAlgorithm algorithm, JWSSigner signer, String thumbprint) {

    public static SigningKey read(Path file) throws KeyException {
        PrivateKeyInfo info = privateKeyInfo(file);
        try {
            if (EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                Ed25519Key key = Ed25519Key.read(file);
                return new SigningKey(JWSAlgorithm.EdDSA, key.signer(), key.thumbprint());
            }
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
            if (key instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new SigningKey(JWSAlgorithm.RS256, new RSASSASigner(rsa), thumbprint(new RSAKey.Builder(pub).build()));
            }
            if (key instanceof ECPrivateKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (!Curve.P_256.equals(curve) && !Curve.P_384.equals(curve)) {
                    throw new KeyException(file + ": EC key on " + curve + ": use P-256 (ES256) or P-384 (ES384)");
                }
                ECKey jwk = new ECKey.Builder(curve, publicOf(ec, curve)).build();
                return new SigningKey(Curve.P_256.equals(curve) ? JWSAlgorithm.ES256 : JWSAlgorithm.ES384,
                        new ECDSASigner(ec), thumbprint(jwk));
            }
            throw new KeyException(file + ": a " + key.getAlgorithm() + " key: use an RSA, EC (P-256, P-384) or Ed25519 key");
        } catch (IOException | GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            throw new KeyException(file + ": unusable private key: " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo privateKeyInfo(Path file) throws KeyException {
        Object object;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); PEMParser parser = new PEMParser(reader)) {
            object = parser.readObject();
        } catch (IOException e) {
            throw new KeyException(file + ": cannot read the key: " + e.getMessage(), e);
        }
        if (object instanceof PrivateKeyInfo info) {
            return info;
        }
        if (object instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            throw new KeyException(file + ": the key is encrypted; give it unencrypted for the command "
                    + "(openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out plain.pem) and delete that copy after");
        }
        throw new KeyException(file + ": no PEM private key (BEGIN PRIVATE KEY) in it");
    }

    /** The public point d·G, for the thumbprint (a PKCS#8 EC key need not carry it). */
    private static ECPublicKey publicOf(ECPrivateKey key, Curve curve) throws GeneralSecurityException {
        X9ECParameters x9 = CustomNamedCurves.getByName(Curve.P_256.equals(curve) ? "P-256" : "P-384");
        org.bouncycastle.math.ec.ECPoint q = x9.getG().multiply(key.getS()).normalize();
        ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, key.getParams()));
    }

    private static String thumbprint(JWK jwk) throws JOSEException {
        return jwk.computeThumbprint().toString();
    }
}
