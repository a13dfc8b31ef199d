package io.outpost.toolkit.openapi;

import java.util.Set;

/** The WSO2 Microgateway vendor extensions Outpost reads, and where each may appear. */
final class Wso2Extensions {
    static final String PREFIX = "x-wso2-";
    static final String BASE_PATH = "x-wso2-basePath";
    static final String PRODUCTION = "x-wso2-production-endpoints";
    static final String SANDBOX = "x-wso2-sandbox-endpoints";
    static final String ENDPOINTS = "x-wso2-endpoints";
    static final String THROTTLING_TIER = "x-wso2-throttling-tier";
    static final String DISABLE_SECURITY = "x-wso2-disable-security";
    static final String AUTH_HEADER = "x-wso2-auth-header";
    static final String CORS = "x-wso2-cors";
    static final String TRANSPORTS = "x-wso2-transports";
    static final String MUTUAL_SSL = "x-wso2-mutual-ssl";
    static final String APPLICATION_SECURITY = "x-wso2-application-security";
    static final String REQUEST_INTERCEPTOR = "x-wso2-request-interceptor";
    static final String RESPONSE_INTERCEPTOR = "x-wso2-response-interceptor";

    /** Read on an operation (a resource); the rest are API-wide only. */
    static final Set<String> OPERATION_LEVEL = Set.of(PRODUCTION, SANDBOX, THROTTLING_TIER, DISABLE_SECURITY,
            AUTH_HEADER, TRANSPORTS, REQUEST_INTERCEPTOR, RESPONSE_INTERCEPTOR);

    static final Set<String> API_LEVEL = Set.of(BASE_PATH, PRODUCTION, SANDBOX, ENDPOINTS, THROTTLING_TIER,
            DISABLE_SECURITY, AUTH_HEADER, CORS, TRANSPORTS, MUTUAL_SSL, APPLICATION_SECURITY, REQUEST_INTERCEPTOR,
            RESPONSE_INTERCEPTOR);

    private Wso2Extensions() {}
}
