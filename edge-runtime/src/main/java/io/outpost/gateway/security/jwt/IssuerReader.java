package io.outpost.gateway.security.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.signing.KeyException;
import io.outpost.common.yaml.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a list of issuers of gateway.yaml, their key files with them. */
final class IssuerReader {
    private static final Set<String> KEYS = Set.of("issuer", "audiences", "jwks", "certificates", "scopeClaim",
            "consumerKeyClaim", "validateSubscription");
    private static final Set<String> API_KEY_KEYS = union(KEYS, "validateAllowedApis");

    private IssuerReader() {}

    /** @param pointer the list's own pointer; @param apiKeys API-key issuers (validateAllowedApis, on by default) */
    static List<JwtIssuer> list(ConfigReader r, String pointer, JsonNode node, boolean apiKeys) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            r.problem(pointer, "must be a list of issuers, e.g. - {issuer: https://idp.example/token, jwks: [idp.jwks]}");
            return List.of();
        }
        List<JwtIssuer> issuers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String here = pointer + "/" + i;
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                r.problem(here, "must be a mapping with issuer, audiences, jwks, certificates ...");
                continue;
            }
            JwtIssuer issuer = one(r, here, item, apiKeys);
            if (issuer == null) {
                continue;
            }
            if (!seen.add(issuer.issuer())) {
                r.problem(here + "/issuer", "issuer " + issuer.issuer() + " is listed twice; merge its keys and audiences into one entry");
                continue;
            }
            issuers.add(issuer);
        }
        return List.copyOf(issuers);
    }

    private static JwtIssuer one(ConfigReader r, String here, JsonNode item, boolean apiKeys) {
        r.known(here, item, apiKeys ? API_KEY_KEYS : KEYS);
        String iss = r.text(here, item, "issuer", null);
        if (iss == null || iss.isBlank()) {
            r.problem(here, "needs issuer: the tokens' iss claim, e.g. issuer: https://localhost:9443/oauth2/token");
        }
        List<String> audiences = strings(r, here, item, "audiences");
        List<TrustedKey> keys = new ArrayList<>();
        keys.addAll(keys(r, here, item, "jwks", "JWKS files", true));
        keys.addAll(keys(r, here, item, "certificates", "PEM certificate or public key files", false));
        String scopeClaim = r.text(here, item, "scopeClaim", JwtIssuer.DEFAULT_SCOPE_CLAIM);
        String consumerKeyClaim = r.text(here, item, "consumerKeyClaim", JwtIssuer.DEFAULT_CONSUMER_KEY_CLAIM);
        boolean subscription = r.bool(here, item, "validateSubscription", false);
        boolean allowedApis = apiKeys && r.bool(here, item, "validateAllowedApis", true);
        return iss == null || iss.isBlank() ? null
                : new JwtIssuer(iss, audiences, List.copyOf(keys), scopeClaim, consumerKeyClaim, subscription, allowedApis);
    }

    private static List<TrustedKey> keys(ConfigReader r, String here, JsonNode item, String key, String what, boolean jwks) {
        List<Path> files = r.pathList(here, item, key, what);
        List<TrustedKey> keys = new ArrayList<>();
        JsonNode list = item.get(key);
        int index = 0;
        for (Path file : files) {
            index = nextPathItem(list, index);
            String pointer = here + "/" + key + "/" + index++;
            if (!Files.isReadable(file)) {
                continue; // pathList reported it
            }
            try {
                keys.addAll(jwks ? KeyFiles.jwks(file) : KeyFiles.pem(file));
            } catch (KeyException e) {
                r.problem(pointer, "file " + file + ": " + e.getMessage() + (jwks
                        ? "; fix: point it at the issuer's public JWKS (its jwks_uri document, saved)"
                        : "; fix: point it at the issuer's PEM certificate or public key (openssl x509 -pubkey -noout < cert.pem)"));
            }
        }
        return keys;
    }

    /** The index of the list item pathList turned into its next path (it skips items that are not paths). */
    private static int nextPathItem(JsonNode list, int from) {
        int i = from;
        while (i < list.size() && (!list.get(i).isTextual() || list.get(i).asText().isBlank())) {
            i++;
        }
        return i;
    }

    private static List<String> strings(ConfigReader r, String here, JsonNode item, String key) {
        JsonNode node = item.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode value : node) {
                if (value.isTextual() && !value.asText().isBlank()) {
                    values.add(value.asText());
                } else {
                    r.problem(here + "/" + key, "must be a list of strings, e.g. [http://org.wso2.apimgt/gateway]");
                }
            }
        } else {
            r.problem(here + "/" + key, "must be a list of strings, e.g. [http://org.wso2.apimgt/gateway]");
        }
        return List.copyOf(values);
    }

    private static Set<String> union(Set<String> set, String more) {
        Set<String> all = new HashSet<>(set);
        all.add(more);
        return Set.copyOf(all);
    }
}
