package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.throttling.counting.Admission;

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers, structured-field form) and
 * Retry-After: {@code RateLimit-Policy: "resource";q=10;w=60} names the quota (a bandwidth quota
 * adds {@code qu="content-bytes"}), {@code RateLimit: "resource";r=3;t=42} says what is left of it
 * and in how many seconds it resets. A refusal carries the refusing quota and Retry-After; an
 * admitted request, when the fields are on, the quota it came closest to exhausting.
 */
final class RateLimitFields {
    private RateLimitFields() {}

    static void refused(ExchangeContext exchange, Charge charge, Admission admission) {
        add(exchange, charge, admission);
        exchange.addResponseHeader("Retry-After", Long.toString(seconds(admission.resetMillis())));
    }

    static void add(ExchangeContext exchange, Charge charge, Admission admission) {
        String name = "\"" + charge.level().label() + "\"";
        boolean bytes = charge.limits().requests() == null;
        long window = (bytes ? charge.limits().bytes() : charge.limits().requests()).limit().windowMillis();
        exchange.addResponseHeader("RateLimit-Policy", name + ";q=" + admission.limit() + ";w=" + seconds(window)
                + (bytes ? ";qu=\"content-bytes\"" : ""));
        exchange.addResponseHeader("RateLimit", name + ";r=" + Math.max(0, admission.remaining()) + ";t="
                + seconds(admission.resetMillis()));
    }

    /** Whole seconds, rounded up, at least 1: a client told 0 would retry at once. */
    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
