package io.outpost.gateway.metrics;

import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.journal.ExchangeRecord;

/**
 * Counts every ended exchange from the facts the journal records of it, on the event loop that
 * ended it, without allocating: the exchange's end is the one place that sees refusals made before
 * routing (400, 408, 431) as well as proxied answers.
 */
public final class MetricsObserver implements ExchangeObserver {
    private final GatewayMetrics metrics;

    public MetricsObserver(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exchangeEnded(ExchangeRecord.Builder exchange, String clientIp) {
        metrics.exchangeEnded(exchange);
    }
}
