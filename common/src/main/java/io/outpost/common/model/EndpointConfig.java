package io.outpost.common.model;

import java.util.List;

/**
 * A WSO2 endpoint: one or more URLs with a balancing type and advanced settings.
 *
 * @param name      the {@code x-wso2-endpoints} name it was referenced by, or null when inline
 * @param type      "http" (single), "load_balance" or "failover"
 * @param urls      absolute http(s) URLs, in declared order
 * @param advance   {@code advanceEndpointConfig}; null if absent
 * @param security  {@code securityConfig} (credentials to the backend); null if absent
 */
public record EndpointConfig(
        String name,
        String type,
        List<String> urls,
        AdvanceEndpointConfig advance,
        BackendSecurity security) {

    public static final String HTTP = "http";
    public static final String LOAD_BALANCE = "load_balance";
    public static final String FAILOVER = "failover";

    public EndpointConfig {
        urls = urls == null ? List.of() : urls;
        type = type == null ? HTTP : type;
    }

    /** @param timeoutInMillis request sent to response headers received */
    public record AdvanceEndpointConfig(Long timeoutInMillis, RetryConfig retryConfig, CircuitBreakerConfig circuitBreaker) {}

    public record RetryConfig(Integer count, Long intervalInMillis, Double backOffFactor, Long maxIntervalInMillis,
                              List<Integer> statusCodes) {
        public RetryConfig {
            statusCodes = statusCodes == null ? List.of() : statusCodes;
        }
    }

    public record CircuitBreakerConfig(RollingWindow rollingWindow, Double failureThreshold, Long resetTimeInMillis,
                                       List<Integer> statusCodes) {
        public CircuitBreakerConfig {
            statusCodes = statusCodes == null ? List.of() : statusCodes;
        }
    }

    public record RollingWindow(Integer requestVolumeThreshold, Long timeWindowInMillis, Long bucketSizeInMillis) {}

    /**
     * Backend credentials. The password is never carried in the artifact: the gateway reads it at
     * deploy time from the environment or a file.
     *
     * @param type     "basic"
     * @param username the user name, as declared
     */
    public record BackendSecurity(String type, String username) {}
}
