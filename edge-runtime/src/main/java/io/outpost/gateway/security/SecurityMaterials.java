package io.outpost.gateway.security;

import io.outpost.gateway.config.GatewayConfig;

/**
 * Builds a generation's {@link SecurityMaterial} from gateway.yaml and the applied trust bundles:
 * the one place the mechanisms' checks are put together (docs/security.md).
 */
public final class SecurityMaterials {
    private SecurityMaterials() {}

    /** @throws IllegalArgumentException when a configured key, certificate or user cannot be used */
    public static SecurityMaterial build(GatewayConfig config) {
        return SecurityMaterial.failClosed(config.security());
    }
}
