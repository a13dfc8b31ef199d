package io.outpost.gateway.metrics;

import io.outpost.gateway.endpoint.CircuitBreaker;
import io.outpost.gateway.endpoint.Member;
import io.outpost.gateway.endpoint.Upstream;
import io.outpost.gateway.pipeline.Generations;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Backend health per endpoint and member URL, read at each scrape from the upstreams of the
 * generation in force (a new artifact brings new upstreams, so the series follow a reload; their
 * counters start again from 0 then, which {@code rate()} takes as a counter reset). The members
 * count on the request path with a {@code LongAdder} each; nothing else is added there. The label
 * values are the artifact's endpoints and URLs (query left out), so the series are bounded by it.
 * Two upstreams may carry one description (two definitions each naming an endpoint 'backend'):
 * their numbers are added up under it, a scrape must not have one series twice.
 */
public final class BackendMetrics {
    /** Circuit state values of {@code outpost_gateway_backend_circuit_state}. */
    static final int CLOSED = 0;
    static final int OPEN = 1;
    static final int HALF_OPEN = 2;

    private final Generations generations;

    private BackendMetrics(Generations generations) {
        this.generations = generations;
    }

    public static void register(PrometheusRegistry registry, Generations generations) {
        BackendMetrics m = new BackendMetrics(generations);
        m.counter(registry, "outpost_gateway_backend_connect_failures",
                "Attempts that could not connect to the member (refused, unreachable, host not resolved)", Member::connectFailures);
        m.counter(registry, "outpost_gateway_backend_timeouts",
                "Attempts that got no response headers from the member within the endpoint's timeout", Member::timeouts);
        m.counter(registry, "outpost_gateway_backend_retries",
                "Failed attempts on the member that were followed by another attempt (failover, retry policy, stale pooled connection)",
                Member::retries);
        GaugeWithCallback.builder().name("outpost_gateway_backend_connections")
                .help("Pooled connections to the member: active (leased to an exchange or being made) or idle (kept alive)")
                .labelNames("endpoint", "member", "state")
                .callback(cb -> {
                    m.perMember(Member::activeConnections).forEach((k, v) -> cb.call(v, k.endpoint, k.member, "active"));
                    m.perMember(Member::idleConnections).forEach((k, v) -> cb.call(v, k.endpoint, k.member, "idle"));
                })
                .register(registry);
        GaugeWithCallback.builder().name("outpost_gateway_backend_circuit_state")
                .help("The endpoint's circuit breaker: 0 closed, 1 open (requests refused), 2 half-open (one trial request); "
                        + "only endpoints that declare a circuitBreaker")
                .labelNames("endpoint")
                .callback(cb -> m.circuits().forEach((endpoint, state) -> cb.call(state, endpoint)))
                .register(registry);
    }

    private void counter(PrometheusRegistry registry, String name, String help, ToLongFunction<Member> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("endpoint", "member")
                .callback(cb -> perMember(value).forEach((k, v) -> cb.call(v, k.endpoint, k.member)))
                .register(registry);
    }

    private record Key(String endpoint, String member) {}

    private Map<Key, Long> perMember(ToLongFunction<Member> value) {
        Map<Key, Long> out = new LinkedHashMap<>();
        for (Upstream u : upstreams()) {
            for (Member member : u.members()) {
                out.merge(new Key(u.description(), memberLabel(member)), value.applyAsLong(member), Long::sum);
            }
        }
        return out;
    }

    private Map<String, Integer> circuits() {
        Map<String, Integer> out = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        for (Upstream u : upstreams()) {
            if (u.breaker() != null) {
                out.merge(u.description(), code(u.breaker().state(now)), BackendMetrics::worse);
            }
        }
        return out;
    }

    private List<Upstream> upstreams() {
        return generations.current().upstreams().all();
    }

    private static int worse(int a, int b) {
        return a == OPEN || b == OPEN ? OPEN : Math.max(a, b);
    }

    static int code(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> CLOSED;
            case OPEN -> OPEN;
            case HALF_OPEN -> HALF_OPEN;
        };
    }

    /** The member's URL without its query (an endpoint's query may carry a key). */
    static String memberLabel(Member member) {
        var t = member.target();
        return (t.tls() ? "https://" : "http://") + t.authority() + t.basePath();
    }
}
