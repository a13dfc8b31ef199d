package io.outpost.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One operation: a path template (relative to the API base path) and an HTTP method.
 *
 * @param path            OpenAPI path template, e.g. {@code /pet/{petId}}; starts with '/'
 * @param method          upper-case HTTP method
 * @param operationId     may be null
 * @param production      resource-level {@code x-wso2-production-endpoints}; null = use the API's
 * @param sandbox         resource-level {@code x-wso2-sandbox-endpoints}; null = use the API's
 * @param throttlingTier  resource-level {@code x-wso2-throttling-tier}
 * @param disableSecurity resource-level {@code x-wso2-disable-security}; null = inherit the API's
 * @param authHeader      resource-level {@code x-wso2-auth-header}; null = inherit
 * @param transports      resource-level {@code x-wso2-transports}; empty = inherit
 * @param requestInterceptor  resource-level {@code x-wso2-request-interceptor}
 * @param responseInterceptor resource-level {@code x-wso2-response-interceptor}
 * @param security        operation {@code security}; null = inherit the API's root requirements
 * @param parameters      path, query, header and cookie parameters with resolved schemas
 * @param requestBody     resolved request body, null if none is declared
 * @param responses       status code (or "default") to media type to resolved schema
 */
public record Resource(
        String path,
        String method,
        String operationId,
        EndpointConfig production,
        EndpointConfig sandbox,
        String throttlingTier,
        Boolean disableSecurity,
        String authHeader,
        List<String> transports,
        String requestInterceptor,
        String responseInterceptor,
        List<SecurityRequirement> security,
        List<Parameter> parameters,
        RequestBody requestBody,
        Map<String, Map<String, JsonNode>> responses) {

    public Resource {
        transports = transports == null ? List.of() : transports;
        parameters = parameters == null ? List.of() : parameters;
        responses = responses == null ? Map.of() : responses;
    }

    /** @param in "path", "query", "header" or "cookie" */
    public record Parameter(String name, String in, boolean required, JsonNode schema) {}

    /** @param content media type to resolved JSON schema (null schema = any) */
    public record RequestBody(boolean required, Map<String, JsonNode> content) {
        public RequestBody {
            content = content == null ? Map.of() : content;
        }
    }
}
