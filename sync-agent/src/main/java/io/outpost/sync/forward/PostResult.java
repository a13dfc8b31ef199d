package io.outpost.sync.forward;

import java.time.Duration;

/** What became of one upload attempt. */
public sealed interface PostResult {
    /** 2xx: the batch is stored on the management side; only now may it be acknowledged. */
    record Accepted(int accepted, int duplicates) implements PostResult {}

    /** 413: the receiver wants smaller batches. */
    record TooLarge(String message) implements PostResult {}

    /**
     * Anything else: try the same batch again later.
     *
     * @param kind       for metrics: network, timeout, throttled (429/503), server (5xx), rejected (other 4xx)
     * @param retryAfter the server's Retry-After, or null
     */
    record Retry(String kind, String reason, Duration retryAfter) implements PostResult {}
}
