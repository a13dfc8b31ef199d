package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.outpost.common.signing.KeyException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuers one check trusts, by {@code iss}, each with its keys: gateway.yaml's and those the
 * applied keys bundle adds for the same {@code iss}. A bundle's issuer that gateway.yaml does not
 * list is not trusted (its audiences and claims would be unknown).
 */
final class IssuerTable {
    private static final Logger log = LoggerFactory.getLogger(IssuerTable.class);

    /** An issuer and every key it may sign with. */
    record Entry(JwtIssuer issuer, List<TrustedKey> keys) {

        /**
         * The keys a token may be tried against: those with its {@code kid}; when none has it (or the
         * token names none), the keys without an id (PEM files), or all keys when it names none. Only
         * keys that verify its algorithm. Never a key from the token's own headers.
         */
        List<TrustedKey> candidates(String kid, JWSAlgorithm algorithm) {
            List<TrustedKey> byKid = new ArrayList<>(2);
            List<TrustedKey> anonymous = new ArrayList<>(2);
            for (TrustedKey key : keys) {
                if (!key.verifies(algorithm)) {
                    continue;
                }
                if (kid == null || kid.equals(key.kid())) {
                    byKid.add(key);
                } else if (key.kid() == null) {
                    anonymous.add(key);
                }
            }
            return byKid.isEmpty() ? anonymous : byKid;
        }
    }

    private final Map<String, Entry> byIssuer;

    private IssuerTable(Map<String, Entry> byIssuer) {
        this.byIssuer = byIssuer;
    }

    static IssuerTable of(List<JwtIssuer> issuers, Map<String, JWKSet> bundleKeys) {
        Map<String, Entry> table = new HashMap<>();
        for (JwtIssuer issuer : issuers) {
            List<TrustedKey> keys = new ArrayList<>(issuer.keys());
            JWKSet added = bundleKeys.get(issuer.issuer());
            if (added != null) {
                keys.addAll(bundleKeys(issuer.issuer(), added));
            }
            if (keys.isEmpty()) {
                log.warn("JWT issuer {} has no key in gateway.yaml or the keys bundle: its tokens are refused", issuer.issuer());
            }
            table.put(issuer.issuer(), new Entry(issuer, List.copyOf(keys)));
        }
        for (String iss : bundleKeys.keySet()) {
            if (!table.containsKey(iss)) {
                log.debug("the keys bundle has keys for issuer {}, which this check does not trust", iss);
            }
        }
        return new IssuerTable(Map.copyOf(table));
    }

    /** The issuer of this {@code iss}, or null. */
    Entry get(String iss) {
        return byIssuer.get(iss);
    }

    private static List<TrustedKey> bundleKeys(String iss, JWKSet set) {
        List<TrustedKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
                continue;
            }
            try {
                keys.add(KeyFiles.fromJwk(jwk.toPublicJWK(), "keys bundle"));
            } catch (KeyException e) {
                log.warn("keys bundle: skipping a key of issuer {}: {}", iss, e.getMessage());
            }
        }
        return keys;
    }
}
