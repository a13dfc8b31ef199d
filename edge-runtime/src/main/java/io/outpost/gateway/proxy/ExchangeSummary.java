package io.outpost.gateway.proxy;

import io.outpost.journal.Outcome;

/**
 * What the analytics journal records of one exchange, taken when it ends.
 *
 * @param apiName             null when no API matched (404, malformed requests)
 * @param resource            the matched resource's path template, or null
 * @param errorCode           the WSO2 fault code of the gateway's own answer, or 0
 * @param outcome             completed, aborted (the client left or was cut off), reset (the backend
 *                            broke after the response started) or timed out (504 or 408)
 * @param backendLatencyMicros request sent upstream to response headers, or -1 when no backend answered
 */
public record ExchangeSummary(long startMillis, String apiName, String apiVersion, String apiContext, String resource,
                              String method, int status, Outcome outcome, int errorCode, long gatewayLatencyMicros,
                              long backendLatencyMicros, long requestBytes, long responseBytes, String clientIp,
                              String userAgent, String correlationId) {
}
