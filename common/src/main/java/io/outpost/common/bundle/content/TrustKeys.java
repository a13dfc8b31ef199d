package io.outpost.common.bundle.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The content of a {@code keys} bundle: trust material added to what gateway.yaml provisions
 * (docs/security.md, "Trust bundles"). Only public keys: a private or symmetric key in a bundle is
 * refused, since a bundle is not a secret and an HMAC key would let anyone holding it mint tokens.
 *
 * @param issuers            per JWT issuer ({@code iss}), its signing keys
 * @param apiKeyIssuers      per WSO2 JWT API-key issuer, its signing keys
 * @param clientCas          certificates trusted to issue mutual-TLS client certificates
 * @param pinnedFingerprints per API ({@code Name:Version}), SHA-256 fingerprints of allowed client
 *                           certificates, lower-case hex without colons
 */
public record TrustKeys(Map<String, JWKSet> issuers, Map<String, JWKSet> apiKeyIssuers, List<X509Certificate> clientCas,
                        Map<String, Set<String>> pinnedFingerprints) {
    public static final TrustKeys NONE = new TrustKeys(Map.of(), Map.of(), List.of(), Map.of());

    private static final Set<String> FIELDS = Set.of("issuers", "apiKeyIssuers", "clientCas", "pinnedFingerprints");

    /** @throws InvalidContentException naming every field that is wrong */
    public static TrustKeys parse(JsonNode content) {
        ContentReader r = new ContentReader(BundleContents.KEYS);
        if (!r.isObject("", content)) {
            r.failIfProblems();
        }
        r.known("", content, FIELDS);
        TrustKeys keys = new TrustKeys(issuers(r, content, "issuers"), issuers(r, content, "apiKeyIssuers"),
                clientCas(r, content), fingerprints(r, content));
        r.failIfProblems();
        return keys;
    }

    private static Map<String, JWKSet> issuers(ContentReader r, JsonNode content, String key) {
        JsonNode list = r.array("", content, key, false);
        Map<String, JWKSet> out = new LinkedHashMap<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = ContentReader.item(key, i);
            JsonNode entry = list.get(i);
            if (!r.isObject(at, entry)) {
                continue;
            }
            r.known(at, entry, Set.of("issuer", "keys"));
            String issuer = r.text(at, entry, "issuer", true);
            JWKSet jwks = jwks(r, ContentReader.field(at, "keys"), r.object(at, entry, "keys", true));
            if (issuer != null && out.containsKey(issuer)) {
                r.problem(ContentReader.field(at, "issuer"), "'" + issuer + "' is listed twice; give each issuer one entry");
            } else if (issuer != null && jwks != null) {
                out.put(issuer, jwks);
            }
        }
        return Map.copyOf(out);
    }

    private static JWKSet jwks(ContentReader r, String at, JsonNode node) {
        if (node == null) {
            return null;
        }
        r.known(at, node, Set.of("keys"));
        JsonNode list = r.array(at, node, "keys", true);
        if (list == null) {
            return null;
        }
        List<JWK> keys = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String here = ContentReader.item(ContentReader.field(at, "keys"), i);
            JWK jwk;
            try {
                jwk = JWK.parse(list.get(i).toString());
            } catch (ParseException e) {
                r.problem(here, "not a JWK: " + e.getMessage());
                continue;
            }
            if (jwk instanceof OctetSequenceKey) {
                r.problem(here, "a symmetric (oct) key cannot be trusted from a bundle; use RSA, EC or OKP public keys");
            } else if (jwk.isPrivate()) {
                r.problem(here, "holds a private key; a bundle carries public keys only (publish jwk.toPublicJWK())");
            } else if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                r.problem(here, "has \"use\": \"" + jwk.getKeyUse().identifier() + "\"; only signature keys (\"sig\") verify tokens");
            } else {
                keys.add(jwk);
            }
        }
        return new JWKSet(keys);
    }

    private static List<X509Certificate> clientCas(ContentReader r, JsonNode content) {
        List<String> pems = r.texts("", content, "clientCas", false);
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < pems.size(); i++) {
            try {
                var certs = CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pems.get(i).getBytes(StandardCharsets.US_ASCII)));
                if (certs.isEmpty()) {
                    r.problem(ContentReader.item("clientCas", i), "holds no certificate");
                }
                certs.forEach(c -> out.add((X509Certificate) c));
            } catch (CertificateException e) {
                r.problem(ContentReader.item("clientCas", i), "not a PEM certificate (-----BEGIN CERTIFICATE-----): " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, Set<String>> fingerprints(ContentReader r, JsonNode content) {
        JsonNode list = r.array("", content, "pinnedFingerprints", false);
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = ContentReader.item("pinnedFingerprints", i);
            JsonNode entry = list.get(i);
            if (!r.isObject(at, entry)) {
                continue;
            }
            r.known(at, entry, Set.of("api", "sha256"));
            String api = r.text(at, entry, "api", true);
            if (api != null && (api.lastIndexOf(':') <= 0 || api.endsWith(":"))) {
                r.problem(ContentReader.field(at, "api"), "must be the API's Name:Version, e.g. PetStore:1.0.0");
            }
            Set<String> hashes = new LinkedHashSet<>();
            List<String> given = r.texts(at, entry, "sha256", true);
            for (int j = 0; given != null && j < given.size(); j++) {
                String hex = given.get(j).replace(":", "").toLowerCase(Locale.ROOT);
                if (!BundleContents.isSha256Hex(hex)) {
                    r.problem(ContentReader.item(ContentReader.field(at, "sha256"), j),
                            "must be a SHA-256 fingerprint: 64 hexadecimal digits, colons allowed");
                } else {
                    hashes.add(hex);
                }
            }
            if (api != null) {
                out.computeIfAbsent(api, a -> new LinkedHashSet<>()).addAll(hashes);
            }
        }
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        out.forEach((api, set) -> frozen.put(api, Set.copyOf(set)));
        return Map.copyOf(frozen);
    }
}
