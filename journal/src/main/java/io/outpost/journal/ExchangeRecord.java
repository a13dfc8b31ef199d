package io.outpost.journal;

import java.util.Objects;

/**
 * One request/response exchange through the gateway (ARCHITECTURE.md contract 4), including the
 * gateway's own refusals. Strings are nullable: an exchange refused before authentication has no
 * application, one that never matched an API has no API name.
 *
 * @param backendLatencyMicros -1 when no backend was reached
 * @param errorCode the WSO2 fault code (e.g. 900901), or 0
 * @param throttlePassed null when no throttling decision was made
 */
public record ExchangeRecord(
        long timeMillis,
        String apiName,
        String apiVersion,
        String apiContext,
        String resource,
        String method,
        int status,
        Outcome outcome,
        int errorCode,
        long gatewayLatencyMicros,
        long backendLatencyMicros,
        long requestBytes,
        long responseBytes,
        String clientIp,
        String userAgent,
        String correlationId,
        String applicationId,
        String applicationName,
        String subscriber,
        String keyType,
        String authOutcome,
        String throttleLevel,
        String throttleTier,
        Boolean throttlePassed) implements JournalRecord {

    public static final long NO_BACKEND = -1;

    public ExchangeRecord {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder the gateway fills stage by stage; mutable and not thread-safe, like the exchange it describes. */
    public static final class Builder {
        private long timeMillis;
        private String apiName;
        private String apiVersion;
        private String apiContext;
        private String resource;
        private String method;
        private int status;
        private Outcome outcome = Outcome.COMPLETED;
        private int errorCode;
        private long gatewayLatencyMicros;
        private long backendLatencyMicros = NO_BACKEND;
        private long requestBytes;
        private long responseBytes;
        private String clientIp;
        private String userAgent;
        private String correlationId;
        private String applicationId;
        private String applicationName;
        private String subscriber;
        private String keyType;
        private String authOutcome;
        private String throttleLevel;
        private String throttleTier;
        private Boolean throttlePassed;

        private Builder() {}

        public Builder timeMillis(long v) { timeMillis = v; return this; }
        public Builder apiName(String v) { apiName = v; return this; }
        public Builder apiVersion(String v) { apiVersion = v; return this; }
        public Builder apiContext(String v) { apiContext = v; return this; }
        public Builder resource(String v) { resource = v; return this; }
        public Builder method(String v) { method = v; return this; }
        public Builder status(int v) { status = v; return this; }
        public Builder outcome(Outcome v) { outcome = Objects.requireNonNull(v, "outcome"); return this; }
        public Builder errorCode(int v) { errorCode = v; return this; }
        public Builder gatewayLatencyMicros(long v) { gatewayLatencyMicros = v; return this; }
        public Builder backendLatencyMicros(long v) { backendLatencyMicros = v; return this; }
        public Builder requestBytes(long v) { requestBytes = v; return this; }
        public Builder responseBytes(long v) { responseBytes = v; return this; }
        public Builder clientIp(String v) { clientIp = v; return this; }
        public Builder userAgent(String v) { userAgent = v; return this; }
        public Builder correlationId(String v) { correlationId = v; return this; }
        public Builder applicationId(String v) { applicationId = v; return this; }
        public Builder applicationName(String v) { applicationName = v; return this; }
        public Builder subscriber(String v) { subscriber = v; return this; }
        public Builder keyType(String v) { keyType = v; return this; }
        public Builder authOutcome(String v) { authOutcome = v; return this; }
        public Builder throttleLevel(String v) { throttleLevel = v; return this; }
        public Builder throttleTier(String v) { throttleTier = v; return this; }
        public Builder throttlePassed(Boolean v) { throttlePassed = v; return this; }

        // Read by the gateway's other observers of an ended exchange (metrics) without building a record.
        public int status() { return status; }
        public int errorCode() { return errorCode; }
        public String apiName() { return apiName; }
        public String apiVersion() { return apiVersion; }
        public String resource() { return resource; }
        public String method() { return method; }
        public long gatewayLatencyMicros() { return gatewayLatencyMicros; }
        public long backendLatencyMicros() { return backendLatencyMicros; }

        public ExchangeRecord build() {
            return new ExchangeRecord(timeMillis, apiName, apiVersion, apiContext, resource, method, status, outcome,
                    errorCode, gatewayLatencyMicros, backendLatencyMicros, requestBytes, responseBytes, clientIp,
                    userAgent, correlationId, applicationId, applicationName, subscriber, keyType, authOutcome,
                    throttleLevel, throttleTier, throttlePassed);
        }
    }
}
