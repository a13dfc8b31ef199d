package io.outpost.provisioning.pki;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.outpost.common.signing.Ed25519Key;
import io.outpost.common.signing.KeyException;
import java.io.IOException;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Between common's {@link Ed25519Key} (the JWK every signature in Outpost uses) and the X.509 /
 * PKCS#8 forms certificates and encrypted key files need, so one key serves both.
 */
public final class Ed25519Keys {
    private Ed25519Keys() {}

    public static SubjectPublicKeyInfo publicKeyInfo(Ed25519Key key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    new Ed25519PublicKeyParameters(key.jwk().getX().decode(), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKeyInfo privateKeyInfo(Ed25519Key key) {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(key.jwk().getD().decode(), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey jcaPrivateKey(Ed25519Key key) {
        try {
            return new JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(privateKeyInfo(key));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Ed25519Key fromPrivateKeyInfo(PrivateKeyInfo info) throws KeyException, IOException {
        if (!(PrivateKeyFactory.createKey(info) instanceof Ed25519PrivateKeyParameters priv)) {
            throw new KeyException("not an Ed25519 private key");
        }
        return Ed25519Key.fromJwk(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(priv.generatePublicKey().getEncoded()))
                .d(Base64URL.encode(priv.getEncoded())).build());
    }

    /** The Ed25519 public key a certificate certifies (how a device turns a certificate into a trusted key). */
    public static Ed25519Key fromPublicKeyInfo(SubjectPublicKeyInfo info) throws KeyException {
        try {
            if (!(PublicKeyFactory.createKey(info) instanceof Ed25519PublicKeyParameters pub)) {
                throw new KeyException("the certificate's key is not Ed25519");
            }
            return Ed25519Key.fromJwk(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(pub.getEncoded())).build());
        } catch (IOException e) {
            throw new KeyException("unreadable public key: " + e.getMessage(), e);
        }
    }
}
