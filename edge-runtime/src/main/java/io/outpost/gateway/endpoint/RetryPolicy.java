package io.outpost.gateway.endpoint;

import io.outpost.common.model.EndpointConfig.RetryConfig;
import java.util.Set;

/**
 * WSO2 {@code retryConfig}: how often a failed request is sent again and how long to wait first.
 * A retry happens only when the request can be replayed (see the proxy's replay buffer).
 *
 * @param count       retries after the first attempt
 * @param statusCodes backend statuses that count as failures worth retrying (connection failures
 *                    and timeouts always do)
 */
public record RetryPolicy(int count, long intervalMillis, double backOffFactor, long maxIntervalMillis,
                          Set<Integer> statusCodes) {

    public static final RetryPolicy NONE = new RetryPolicy(0, 0, 1, 0, Set.of());

    public static RetryPolicy of(RetryConfig config) {
        if (config == null || config.count() == null || config.count() <= 0) {
            return NONE;
        }
        long interval = config.intervalInMillis() == null ? 0 : Math.max(0, config.intervalInMillis());
        double factor = config.backOffFactor() == null || config.backOffFactor() < 1 ? 1 : config.backOffFactor();
        long max = config.maxIntervalInMillis() == null ? Math.max(interval, 30_000) : Math.max(0, config.maxIntervalInMillis());
        return new RetryPolicy(config.count(), interval, factor, max, Set.copyOf(config.statusCodes()));
    }

    /** The pause before retry number {@code retry} (1 for the first retry). */
    public long delayBefore(int retry) {
        double delay = intervalMillis * Math.pow(backOffFactor, Math.max(0, retry - 1));
        return (long) Math.min(delay, maxIntervalMillis);
    }

    public boolean retriesStatus(int status) {
        return statusCodes.contains(status);
    }
}
