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
     * Whether the exchange's last response write waits for {@link #exchangeEnded(ExchangeRecord.Builder,
     * String, Runnable)} to say the record is safe (strict durability).
     */
    default boolean acknowledges() {
        return false;
    }

    /**
     * As {@link #exchangeEnded(ExchangeRecord.Builder, String)}, then {@code recorded} runs once the
     * record is safe (or counted as lost), on any thread, exactly once. Only asked when
     * {@link #acknowledges()}.
     */
    default void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp, Runnable recorded) {
        exchangeEnded(exchange, clientIp);
        recorded.run();
    }

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
        return new ExchangeObserver() {
            @Override
            public void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp) {
                first.exchangeEnded(exchange, clientIp);
                second.exchangeEnded(exchange, clientIp);
            }

            @Override
            public boolean acknowledges() {
                return first.acknowledges() || second.acknowledges();
            }

            @Override
            public void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp, Runnable recorded) {
                // The one that acknowledges is told last: what the others read of the builder is set by then.
                ExchangeObserver plain = first.acknowledges() ? second : first;
                ExchangeObserver acknowledging = first.acknowledges() ? first : second;
                plain.exchangeEnded(exchange, clientIp);
                acknowledging.exchangeEnded(exchange, clientIp, recorded);
            }
        };
    }
}
