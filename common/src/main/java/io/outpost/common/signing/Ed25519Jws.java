package io.outpost.common.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 for nimbus JWS, on BouncyCastle's low-level primitives (no Tink, no JCA provider
 * registration). Ed25519 signatures are deterministic, which keeps signed artifacts reproducible.
 */
public final class Ed25519Jws {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private Ed25519Jws() {}

    public static JWSSigner signer(Ed25519PrivateKeyParameters key) {
        return new JWSSigner() {
            private final JCAContext jca = new JCAContext();

            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
                if (!ALGORITHMS.contains(header.getAlgorithm())) {
                    throw new JOSEException("Ed25519 key cannot sign " + header.getAlgorithm());
                }
                Ed25519Signer signer = new Ed25519Signer();
                signer.init(true, key);
                signer.update(signingInput, 0, signingInput.length);
                return Base64URL.encode(signer.generateSignature());
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return ALGORITHMS;
            }

            @Override
            public JCAContext getJCAContext() {
                return jca;
            }
        };
    }

    public static JWSVerifier verifier(Ed25519PublicKeyParameters key) {
        return new JWSVerifier() {
            private final JCAContext jca = new JCAContext();

            @Override
            public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
                if (!ALGORITHMS.contains(header.getAlgorithm())) {
                    return false;
                }
                byte[] sig = signature.decode();
                if (sig.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
                    return false;
                }
                Ed25519Signer verifier = new Ed25519Signer();
                verifier.init(false, key);
                verifier.update(signingInput, 0, signingInput.length);
                return verifier.verifySignature(sig);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return ALGORITHMS;
            }

            @Override
            public JCAContext getJCAContext() {
                return jca;
            }
        };
    }
}
