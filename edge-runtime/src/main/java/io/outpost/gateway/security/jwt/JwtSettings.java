package io.outpost.gateway.security.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;

/**
 * {@code security.jwt} in gateway.yaml: the JWT issuers the gateway trusts and the verified-token
 * cache. Placeholder of the contract; the JWT work fills it in.
 */
public record JwtSettings() {
    public static final JwtSettings DEFAULT = new JwtSettings();

    /** Reads {@code security.jwt} (node null when absent), reporting every problem to the reader; {@code at} is "/security". */
    /** @param apiKeyIssuers {@code security.apiKeys.issuers} (WSO2 JWT API keys), or null */
    public static JwtSettings read(ConfigReader r, String at, JsonNode node, JsonNode apiKeyIssuers) {
        return DEFAULT;
    }
}
