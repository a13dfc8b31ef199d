package io.outpost.gateway.proxy;

/**
 * What the analytics journal records of one exchange, taken when it ends.
 *
 * @param apiName             null when no API matched (404, malformed requests)
 * @param resource            the matched resource's path template, or null
 * @param errorCode           the WSO2 fault code of the gateway's own answer, or 0
 * @param backendLatencyMicros request sent upstream to response headers, or -1 when no backend answered
 */
public record ExchangeSummary(long startMillis, String apiName, String apiVersion, String apiContext, String resource,
                              String method, int status, Outcome outcome, int errorCode, long gatewayLatencyMicros,
                              long backendLatencyMicros, long requestBytes, long responseBytes, String clientIp,
                              String userAgent, String correlationId) {

    public enum Outcome {
        /** The whole response was written to the client. */
        COMPLETED,
        /** The client went away, or the gateway cut it off, before the response was complete. */
        ABORTED,
        /** The backend connection broke after the response had started. */
        RESET,
        /** The backend (504) or the client (408) took too long. */
        TIMED_OUT
    }
}
