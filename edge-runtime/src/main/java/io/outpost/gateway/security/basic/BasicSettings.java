package io.outpost.gateway.security.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;

/**
 * {@code security.basic} in gateway.yaml: the users of basic authentication and their password
 * hashes. Placeholder of the contract; the basic-auth work fills it in.
 */
public record BasicSettings() {
    public static final BasicSettings DEFAULT = new BasicSettings();

    /** @param staticApiKeys {@code security.apiKeys.static} (salted hashes of static API keys), or null */
    public static BasicSettings read(ConfigReader r, String at, JsonNode node, JsonNode staticApiKeys) {
        return DEFAULT;
    }
}
