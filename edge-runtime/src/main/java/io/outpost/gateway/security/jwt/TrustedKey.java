package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;

/**
 * One public key an issuer's tokens may be verified with.
 *
 * @param kid      its key id (JWKS {@code kid}), or null for a PEM certificate or key, which any
 *                 token of its issuer may be tried against
 * @param only     the one algorithm its JWK names ({@code alg}), or null for all of its kind
 * @param verifier thread-safe: each verification makes its own signature engine
 * @param source   the file (or bundle) it came from, for logs
 */
record TrustedKey(String kid, KeyKind kind, JWSAlgorithm only, JWSVerifier verifier, String source) {

    boolean verifies(JWSAlgorithm algorithm) {
        return kind.verifies(algorithm) && (only == null || only.equals(algorithm));
    }
}
