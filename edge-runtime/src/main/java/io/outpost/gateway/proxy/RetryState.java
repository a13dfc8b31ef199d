package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpMethod;
import io.outpost.gateway.endpoint.Member;
import io.outpost.gateway.endpoint.Upstream;
import java.util.List;
import java.util.Set;

/**
 * The endpoint's retry policy for one exchange, after Envoy's {@code RetryState}: which member an
 * attempt goes to, and after a failed one whether to try again at once (a stale pooled connection,
 * failover to the next member), after the retry delay (starting again from the first member), or
 * not at all, by the failure table ({@link AttemptFailure}).
 */
final class RetryState {
    /** What follows a failed attempt. */
    sealed interface Next permits TryNow, TryLater, GiveUp {}

    record TryNow() implements Next {}

    record TryLater(long delayMillis) implements Next {}

    record GiveUp() implements Next {}

    static final Next TRY_NOW = new TryNow();
    static final Next GIVE_UP = new GiveUp();

    /** Requests that may be sent again after a pooled connection turned out to be closed by the backend. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    private static final int MAX_STALE_RETRIES = 3;

    private final Upstream upstream;
    private List<Member> order;
    private int orderIndex;
    private int retries;
    private int staleRetries;

    /** @param startMillis the exchange's start: which members are suspended at that time */
    RetryState(Upstream upstream, long startMillis) {
        this.upstream = upstream;
        this.order = upstream.attemptOrder(startMillis);
    }

    /** The member the next attempt goes to. */
    Member member() {
        return order.get(orderIndex);
    }

    /**
     * @param stale     the backend closed a reused pooled connection without answering
     * @param canReplay the request can be sent again whole (no body went up, or all of it is held)
     */
    Next afterFailure(AttemptFailure failure, boolean stale, boolean canReplay, HttpMethod method, long nowMillis) {
        if (stale && canReplay && IDEMPOTENT.contains(method) && staleRetries < MAX_STALE_RETRIES) {
            staleRetries++;
            return TRY_NOW;
        }
        if (failure.failsOver && orderIndex + 1 < order.size() && canReplay) {
            orderIndex++;
            return TRY_NOW;
        }
        if (failure.retryable && retries < upstream.retry().count() && canReplay) {
            retries++;
            order = upstream.attemptOrder(nowMillis);
            orderIndex = 0;
            return new TryLater(upstream.retry().delayBefore(retries));
        }
        return GIVE_UP;
    }

    /** Whether a response with this status is sent again instead of to the client. */
    boolean retriesStatus(int code, boolean canReplay) {
        return upstream.retry().retriesStatus(code) && retries < upstream.retry().count() && canReplay;
    }
}
