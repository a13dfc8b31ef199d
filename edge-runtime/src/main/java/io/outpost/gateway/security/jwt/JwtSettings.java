package io.outpost.gateway.security.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import java.util.List;
import java.util.Set;

/**
 * {@code security.jwt} and {@code security.apiKeys.issuers} in gateway.yaml: the JWT issuers the
 * gateway trusts, their keys (read when the file is, so a bad key file is a problem of the file)
 * and the verified-token cache (docs/security.md, "JWT and JWT API keys").
 *
 * @param cacheSize     verified tokens kept (WSO2's default, 10,000); 0 verifies every use
 * @param skewSeconds   the clock difference tolerated on {@code exp}, {@code nbf} and {@code iat}
 * @param issuers       bearer-token issuers
 * @param apiKeyIssuers issuers of JWT API keys
 */
public record JwtSettings(int cacheSize, long skewSeconds, List<JwtIssuer> issuers, List<JwtIssuer> apiKeyIssuers) {
    public static final JwtSettings DEFAULT = new JwtSettings(10_000, 60, List.of(), List.of());

    /**
     * Reads {@code security.jwt} (node null when absent), reporting every problem to the reader; {@code at} is "/security".
     *
     * @param apiKeyIssuers {@code security.apiKeys.issuers} (WSO2 JWT API keys), or null
     */
    public static JwtSettings read(ConfigReader r, String at, JsonNode node, JsonNode apiKeyIssuers) {
        int cacheSize = DEFAULT.cacheSize;
        long skew = DEFAULT.skewSeconds;
        List<JwtIssuer> issuers = List.of();
        if (node != null) {
            String here = at + "/jwt";
            r.known(here, node, Set.of("cacheSize", "skewSeconds", "issuers"));
            cacheSize = (int) r.number(here, node, "cacheSize", 0, 1_000_000, cacheSize);
            skew = r.number(here, node, "skewSeconds", 0, 3600, skew);
            issuers = IssuerReader.list(r, here + "/issuers", node.get("issuers"), false);
        }
        return new JwtSettings(cacheSize, skew, issuers, IssuerReader.list(r, at + "/apiKeys/issuers", apiKeyIssuers, true));
    }
}
