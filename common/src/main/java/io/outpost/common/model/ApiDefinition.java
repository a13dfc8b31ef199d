package io.outpost.common.model;

import java.util.List;
import java.util.Map;

/**
 * One API of a project, normalized from an OpenAPI/Swagger definition with its WSO2 extensions.
 *
 * @param name            {@code info.title}
 * @param version         {@code info.version}
 * @param basePath        {@code x-wso2-basePath} with {@code {version}} substituted; never ends with '/' (except "/")
 * @param sourceFile      the definition's file name inside the project's {@code apis/} folder
 * @param production      {@code x-wso2-production-endpoints}, references resolved; null if absent
 * @param sandbox         {@code x-wso2-sandbox-endpoints}, references resolved; null if absent
 * @param endpoints       {@code x-wso2-endpoints}: every named endpoint, referenced or not
 * @param throttlingTier  {@code x-wso2-throttling-tier}
 * @param disableSecurity {@code x-wso2-disable-security}
 * @param authHeader      {@code x-wso2-auth-header} (default Authorization applies when null)
 * @param cors            {@code x-wso2-cors}
 * @param transports      {@code x-wso2-transports}, lower case ("http", "https"); empty = both
 * @param mutualSsl       {@code x-wso2-mutual-ssl}: "mandatory" or "optional"
 * @param applicationSecurity {@code x-wso2-application-security}
 * @param requestInterceptor  {@code x-wso2-request-interceptor}
 * @param responseInterceptor {@code x-wso2-response-interceptor}
 * @param security        root {@code security} requirements (OR of ANDs); null if not declared
 * @param securitySchemes {@code components.securitySchemes} / {@code securityDefinitions}
 * @param resources       one entry per path template and method
 * @param securityMode    {@code x-outpost-security}: "openapi" reads {@code security} as the OpenAPI text says
 *                        (every scheme of a requirement, every listed scope); null = as the WSO2 Microgateway did
 *                        (docs/security.md, "WSO2-compatible by default")
 */
public record ApiDefinition(
        String name,
        String version,
        String basePath,
        String sourceFile,
        EndpointConfig production,
        EndpointConfig sandbox,
        Map<String, EndpointConfig> endpoints,
        String throttlingTier,
        Boolean disableSecurity,
        String authHeader,
        CorsConfig cors,
        List<String> transports,
        String mutualSsl,
        ApplicationSecurity applicationSecurity,
        String requestInterceptor,
        String responseInterceptor,
        List<SecurityRequirement> security,
        Map<String, SecurityScheme> securitySchemes,
        List<Resource> resources,
        String securityMode) {

    /** {@code x-outpost-security: openapi}. */
    public static final String OPENAPI_STRICT = "openapi";

    public ApiDefinition {
        endpoints = endpoints == null ? Map.of() : endpoints;
        transports = transports == null ? List.of() : transports;
        securitySchemes = securitySchemes == null ? Map.of() : securitySchemes;
        resources = resources == null ? List.of() : resources;
    }

    /** A definition read as the WSO2 Microgateway read it (no {@code x-outpost-security}). */
    public ApiDefinition(String name, String version, String basePath, String sourceFile, EndpointConfig production,
                         EndpointConfig sandbox, Map<String, EndpointConfig> endpoints, String throttlingTier,
                         Boolean disableSecurity, String authHeader, CorsConfig cors, List<String> transports, String mutualSsl,
                         ApplicationSecurity applicationSecurity, String requestInterceptor, String responseInterceptor,
                         List<SecurityRequirement> security, Map<String, SecurityScheme> securitySchemes, List<Resource> resources) {
        this(name, version, basePath, sourceFile, production, sandbox, endpoints, throttlingTier, disableSecurity, authHeader,
                cors, transports, mutualSsl, applicationSecurity, requestInterceptor, responseInterceptor, security,
                securitySchemes, resources, null);
    }

    /** Whether {@code security} is read OpenAPI-strict rather than WSO2-compatible. */
    public boolean strictSecurity() {
        return OPENAPI_STRICT.equals(securityMode);
    }
}
