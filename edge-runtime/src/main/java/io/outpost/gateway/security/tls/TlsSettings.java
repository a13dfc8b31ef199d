package io.outpost.gateway.security.tls;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;

/**
 * {@code listeners.https} and {@code security.mutualTls} in gateway.yaml: the HTTPS listener and
 * the client CAs of mutual TLS. Placeholder of the contract; the TLS work fills it in.
 */
public record TlsSettings() {
    public static final TlsSettings DEFAULT = new TlsSettings();

    /**
     * @param listeners the {@code listeners} mapping, or null
     * @param security  the {@code security} mapping, or null
     */
    public static TlsSettings read(ConfigReader r, String at, JsonNode listeners, JsonNode security) {
        return DEFAULT;
    }
}
