package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.Outcome;
import java.util.concurrent.TimeUnit;

/**
 * The end of an exchange: its one record (the journal's, the metrics'), filled in the builder its
 * stages wrote to when the route had stages, and handed to the observer. Under strict durability
 * the observer says when the record is safe, and the last write of the answer waits for that.
 */
final class ExchangeReport {
    private ExchangeReport() {}

    /**
     * @param answered the last of the answer is about to be written: the exchange counts as completed
     * @param recorded null, or what to run once the record is safe
     */
    static void send(Exchange exchange, boolean answered, Runnable recorded) {
        Outcome result = exchange.outcome != null ? exchange.outcome
                : exchange.responseComplete || answered ? Outcome.COMPLETED : Outcome.ABORTED;
        ExchangeRecord.Builder record = exchange.context != null ? exchange.context.record() : ExchangeRecord.builder();
        Attempts attempts = exchange.attempts;
        record.timeMillis(exchange.startMillis)
                .method(exchange.request.method().name())
                .status(exchange.status)
                .outcome(result)
                .errorCode(exchange.responseFromBackend ? 0 : exchange.errorCode)
                .gatewayLatencyMicros(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - exchange.startNanos))
                .backendLatencyMicros(attempts == null ? -1 : attempts.backendLatencyMicros())
                .requestBytes(exchange.body.bytes())
                .responseBytes(attempts == null ? 0 : attempts.relay().bodyBytes())
                .userAgent(exchange.request.headers().get(HttpHeaderNames.USER_AGENT))
                .correlationId(exchange.correlationId);
        if (exchange.route != null) {
            var api = exchange.route.api();
            record.apiName(api.name()).apiVersion(api.version()).apiContext(api.basePath())
                    .resource(exchange.route.resource().path());
        }
        Identity identity = exchange.context == null ? null : exchange.context.identity();
        if (identity != null) {
            record.applicationId(identity.applicationId()).applicationName(identity.applicationName())
                    .subscriber(identity.subject()).keyType(identity.keyType());
        }
        ExchangeObserver observer = exchange.wiring.observer();
        if (recorded == null) {
            observer.exchangeEnded(record, exchange.clientAddress);
        } else {
            observer.exchangeEnded(record, exchange.clientAddress, recorded);
        }
    }
}
