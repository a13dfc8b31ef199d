package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ES256 / ES384 on BouncyCastle's low-level primitives and its optimised P-256 / P-384 curves: the
 * JDK 17 ECDSA verification took ~700 µs per token here, this one ~60 µs (docs/benchmarks.md). The
 * public point is validated once (on the curve, not infinity); a signature is exactly R || S of
 * the curve's size, each in [1, n-1] (ECDSASigner checks), so the all-zero "psychic" signature fails.
 */
final class EcdsaVerifier implements JWSVerifier {
    private final JWSAlgorithm algorithm;
    private final ECPublicKeyParameters key;
    private final int half;
    private final JCAContext jca = new JCAContext();

    private EcdsaVerifier(JWSAlgorithm algorithm, ECPublicKeyParameters key, int half) {
        this.algorithm = algorithm;
        this.key = key;
        this.half = half;
    }

    /** @throws IllegalArgumentException when the point is not a valid point of the curve */
    static EcdsaVerifier of(ECPublicKey publicKey, KeyKind kind) {
        boolean p256 = kind == KeyKind.EC_P256;
        X9ECParameters curve = CustomNamedCurves.getByName(p256 ? "P-256" : "P-384");
        ECDomainParameters domain = new ECDomainParameters(curve);
        ECPublicKeyParameters key = new ECPublicKeyParameters(curve.getCurve().createPoint(
                publicKey.getW().getAffineX(), publicKey.getW().getAffineY()), domain);
        return new EcdsaVerifier(p256 ? JWSAlgorithm.ES256 : JWSAlgorithm.ES384, key, p256 ? 32 : 48);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        byte[] rs = signature.decode();
        if (!algorithm.equals(header.getAlgorithm()) || rs.length != 2 * half) {
            return false;
        }
        Digest digest = half == 32 ? new SHA256Digest() : new SHA384Digest();
        digest.update(signingInput, 0, signingInput.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(hash, new BigInteger(1, Arrays.copyOfRange(rs, 0, half)),
                new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length)));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(algorithm);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
