package io.outpost.common.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * An Ed25519 key (pair or public half) as a JWK (OKP, crv Ed25519) whose {@code kid} is its
 * RFC 7638 thumbprint. Reads JWK JSON or PEM (PKCS#8 private key, SubjectPublicKeyInfo public key).
 */
public final class Ed25519Key {
    private final OctetKeyPair jwk;

    private Ed25519Key(OctetKeyPair jwk) {
        this.jwk = withThumbprintKid(jwk);
    }

    public static Ed25519Key generate() {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(new SecureRandom());
        return fromRaw(priv.generatePublicKey().getEncoded(), priv.getEncoded());
    }

    public static Ed25519Key fromJwk(JWK jwk) throws KeyException {
        if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())) {
            throw new KeyException("not an Ed25519 key (expected kty OKP, crv Ed25519)");
        }
        if (okp.getX().decode().length != Ed25519PublicKeyParameters.KEY_SIZE
                || (okp.getD() != null && okp.getD().decode().length != Ed25519PrivateKeyParameters.KEY_SIZE)) {
            throw new KeyException("Ed25519 key has the wrong length");
        }
        return new Ed25519Key(okp);
    }

    public static Ed25519Key fromJwkJson(String json) throws KeyException {
        try {
            return fromJwk(JWK.parse(json));
        } catch (ParseException e) {
            throw new KeyException("not a valid JWK: " + e.getMessage(), e);
        }
    }

    /** Reads a JWK (JSON) or PEM file; the message names the file on failure. */
    public static Ed25519Key read(Path file) throws KeyException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new KeyException(file + ": cannot read key file: " + e.getMessage(), e);
        }
        try {
            return text.startsWith("{") ? fromJwkJson(text) : fromPem(text);
        } catch (KeyException e) {
            throw new KeyException(file + ": " + e.getMessage(), e);
        }
    }

    private static Ed25519Key fromPem(String text) throws KeyException {
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new KeyException("neither a JWK nor a PEM key");
            }
            AsymmetricKeyParameter key;
            if (object instanceof PrivateKeyInfo info) {
                key = PrivateKeyFactory.createKey(info);
            } else if (object instanceof PEMKeyPair pair) {
                key = PrivateKeyFactory.createKey(pair.getPrivateKeyInfo());
            } else if (object instanceof SubjectPublicKeyInfo info) {
                key = PublicKeyFactory.createKey(info);
            } else {
                throw new KeyException("unsupported PEM object " + object.getClass().getSimpleName());
            }
            if (key instanceof Ed25519PrivateKeyParameters priv) {
                return fromRaw(priv.generatePublicKey().getEncoded(), priv.getEncoded());
            }
            if (key instanceof Ed25519PublicKeyParameters pub) {
                return fromRaw(pub.getEncoded(), null);
            }
            throw new KeyException("PEM key is not Ed25519");
        } catch (IOException | RuntimeException e) {
            throw new KeyException("unreadable PEM key: " + e.getMessage(), e);
        }
    }

    private static Ed25519Key fromRaw(byte[] publicKey, byte[] privateKey) {
        OctetKeyPair.Builder b = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(publicKey));
        if (privateKey != null) {
            b.d(Base64URL.encode(privateKey));
        }
        return new Ed25519Key(b.build());
    }

    private static OctetKeyPair withThumbprintKid(OctetKeyPair okp) {
        try {
            String kid = okp.computeThumbprint().toString();
            return new OctetKeyPair.Builder(okp).keyID(kid).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** RFC 7638 JWK thumbprint (SHA-256, base64url): the key's id everywhere in Outpost. */
    public String thumbprint() {
        return jwk.getKeyID();
    }

    public boolean isPrivate() {
        return jwk.isPrivate();
    }

    public Ed25519Key publicKey() {
        return new Ed25519Key(jwk.toPublicJWK());
    }

    public OctetKeyPair jwk() {
        return jwk;
    }

    public String toJson() {
        return jwk.toJSONString();
    }

    public JWSSigner signer() {
        if (!isPrivate()) {
            throw new IllegalStateException("public key " + thumbprint() + " cannot sign");
        }
        return Ed25519Jws.signer(new Ed25519PrivateKeyParameters(jwk.getD().decode(), 0));
    }

    public JWSVerifier verifier() {
        return Ed25519Jws.verifier(new Ed25519PublicKeyParameters(jwk.getX().decode(), 0));
    }
}
