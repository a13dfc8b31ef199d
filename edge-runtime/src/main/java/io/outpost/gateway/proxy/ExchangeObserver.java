package io.outpost.gateway.proxy;

import io.outpost.journal.ExchangeRecord;

/** Told of every ended exchange, on the event loop: must not block. */
@FunctionalInterface
public interface ExchangeObserver {
    ExchangeObserver NONE = (exchange, clientIp) -> { };

    /**
     * @param exchange what the analytics journal records of the exchange, all but the client address
     *                 (apiName and resource null when no API matched; errorCode the WSO2 fault code of
     *                 the gateway's own answer, or 0; backend latency -1 when no backend answered)
     * @param clientIp the client's address, which the observer records as its configuration says
     */
    void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp);

    /**
     * Tells {@code first}, then {@code second}, of each ended exchange (the journal and the metrics):
     * composed once at assembly, so telling both allocates nothing per exchange.
     */
    static ExchangeObserver both(ExchangeObserver first, ExchangeObserver second) {
        if (first == NONE) {
            return second;
        }
        if (second == NONE) {
            return first;
        }
        return (exchange, clientIp) -> {
            first.exchangeEnded(exchange, clientIp);
            second.exchangeEnded(exchange, clientIp);
        };
    }
}
