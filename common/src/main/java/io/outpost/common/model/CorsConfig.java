package io.outpost.common.model;

import java.util.List;

/** {@code x-wso2-cors}, with camelCase, kebab-case and snake_case keys normalized. */
public record CorsConfig(
        Boolean enabled,
        List<String> allowOrigins,
        List<String> allowHeaders,
        List<String> allowMethods,
        List<String> exposeHeaders,
        Boolean allowCredentials,
        Long maxAge) {

    public CorsConfig {
        allowOrigins = allowOrigins == null ? List.of() : allowOrigins;
        allowHeaders = allowHeaders == null ? List.of() : allowHeaders;
        allowMethods = allowMethods == null ? List.of() : allowMethods;
        exposeHeaders = exposeHeaders == null ? List.of() : exposeHeaders;
    }
}
