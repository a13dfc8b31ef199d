package io.outpost.gateway.proxy;

/** Told of every ended exchange, on the event loop: must not block. */
@FunctionalInterface
public interface ExchangeObserver {
    ExchangeObserver NONE = summary -> { };

    void exchangeEnded(ExchangeSummary summary);
}
