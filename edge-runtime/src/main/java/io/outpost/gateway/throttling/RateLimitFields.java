package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.throttling.counting.Admission;
import io.outpost.gateway.throttling.counting.WindowCounters;

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
        exchange.addResponseHeader("RateLimit-Policy", charge.limits().policyField());
        exchange.addResponseHeader("RateLimit", charge.level().quoted() + ";r=" + Math.max(0, admission.remaining())
                + ";t=" + seconds(admission.resetMillis()));
    }

    /** The RateLimit-Policy value of a quota at a level: made once per tier, when a generation is compiled. */
    static String policy(ThrottleLevel level, WindowCounters requests, WindowCounters bytes) {
        WindowCounters quota = requests != null ? requests : bytes;
        if (quota == null) {
            return level.quoted(); // burst control only
        }
        return level.quoted() + ";q=" + quota.limit().limit() + ";w=" + seconds(quota.limit().windowMillis())
                + (requests == null ? ";qu=\"content-bytes\"" : "");
    }

    /** Whole seconds, rounded up, at least 1: a client told 0 would retry at once. */
    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
