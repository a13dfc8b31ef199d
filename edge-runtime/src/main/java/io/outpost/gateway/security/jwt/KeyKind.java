package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Set;

/**
 * The kinds of public key a JWT issuer may verify with, and the algorithms each verifies. Nothing
 * else is ever accepted: no {@code none}, no HMAC (no shared secret is configured, so a token
 * "signed" with a public key's bytes as an HMAC secret finds no key), no ES512 or secp256k1.
 */
enum KeyKind {
    RSA(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512)),
    EC_P256(Set.of(JWSAlgorithm.ES256)),
    EC_P384(Set.of(JWSAlgorithm.ES384)),
    ED25519(Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519));

    /** Every algorithm a token may name; any other is refused before a key is looked for. */
    static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    /** The smallest RSA modulus accepted, as nimbus signs with. */
    static final int MIN_RSA_BITS = 2048;

    private final Set<JWSAlgorithm> algorithms;

    KeyKind(Set<JWSAlgorithm> algorithms) {
        this.algorithms = algorithms;
    }

    boolean verifies(JWSAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }
}
