package io.outpost.gateway.security;

import io.outpost.common.model.ApiDefinition;

/**
 * The API a credential is presented for: what subscription validation ({@code subscribedAPIs} of a
 * WSO2 token) and a JWT API key's {@code allowedAPIs} are checked against.
 *
 * @param context the API's base path, as WSO2 puts it in {@code subscribedAPIs[].context}
 */
public record ApiRef(String name, String version, String context) {

    public static ApiRef of(ApiDefinition api) {
        return new ApiRef(api.name(), api.version(), api.basePath());
    }
}
