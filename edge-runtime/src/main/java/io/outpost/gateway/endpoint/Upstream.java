package io.outpost.gateway.endpoint;

import io.outpost.common.model.EndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint as the proxy uses it: its members in order, how to choose between them, its
 * timeout, retries, circuit breaker and the credentials it sends.
 *
 * @param description   names the endpoint in answers and logs
 * @param type          {@link EndpointConfig#HTTP}, {@link EndpointConfig#LOAD_BALANCE} or {@link EndpointConfig#FAILOVER}
 * @param timeoutMillis request sent to response headers received (then 504)
 * @param breaker       null when the endpoint declares none
 * @param authorization the Authorization header sent to the backend, or null
 * @param suspendMillis how long a failed member is first skipped
 * @param unusable      why requests cannot be sent (e.g. the backend password is not configured), or null
 */
public record Upstream(String description, String type, List<Member> members, long timeoutMillis, RetryPolicy retry,
                       CircuitBreaker breaker, String authorization, long suspendMillis, String unusable,
                       AtomicInteger nextMember) {

    /**
     * The members one request tries, in order: for failover the declared order, for load
     * balancing the next in the rotation first; suspended members go last, as a last resort.
     */
    public List<Member> attemptOrder(long nowMillis) {
        int n = members.size();
        if (n == 1 || type.equals(EndpointConfig.HTTP)) {
            return List.of(members.get(0));
        }
        int start = type.equals(EndpointConfig.LOAD_BALANCE) ? Math.floorMod(nextMember.getAndIncrement(), n) : 0;
        List<Member> ready = new ArrayList<>(n);
        List<Member> suspended = new ArrayList<>(0);
        for (int i = 0; i < n; i++) {
            Member m = members.get((start + i) % n);
            (m.available(nowMillis) ? ready : suspended).add(m);
        }
        ready.addAll(suspended);
        return ready;
    }

    /** Whether a failed member is skipped for a while (pointless with a single URL). */
    public boolean tracksHealth() {
        return members.size() > 1 && !type.equals(EndpointConfig.HTTP);
    }
}
