package io.outpost.common.model;

import java.util.List;

/**
 * An OpenAPI security scheme.
 *
 * @param type          "apiKey", "http", "oauth2", "openIdConnect", "mutualTLS"
 * @param scheme        for http: "basic", "bearer"
 * @param in            for apiKey: "header", "query", "cookie"
 * @param parameterName for apiKey: the header/query/cookie name
 * @param bearerFormat  for http bearer
 * @param scopes        for oauth2: every scope declared in any flow
 */
public record SecurityScheme(String type, String scheme, String in, String parameterName, String bearerFormat,
                             List<String> scopes) {
    public SecurityScheme {
        scopes = scopes == null ? List.of() : scopes;
    }
}
