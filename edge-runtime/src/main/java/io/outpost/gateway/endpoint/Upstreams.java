package io.outpost.gateway.endpoint;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.gateway.config.GatewayConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every endpoint of the loaded artifact, resolved once at start: URLs (with deploy-time
 * overrides) parsed, credentials read, retry and circuit-breaker settings built. A named
 * endpoint used by several resources is one upstream, so they share its health, circuit and
 * connections. A bad URL or a missing password stops the start instead of failing requests.
 */
public final class Upstreams implements AutoCloseable {
    private final IdentityHashMap<EndpointConfig, Upstream> byConfig;
    private final List<Upstream> all;

    private Upstreams(IdentityHashMap<EndpointConfig, Upstream> byConfig, List<Upstream> all) {
        this.byConfig = byConfig;
        this.all = all;
    }

    /** @throws IllegalArgumentException naming the API and endpoint that cannot be used */
    public static Upstreams build(Iterable<ApiDefinition> apis, EndpointOverrides overrides, BackendConnector connector,
                                  GatewayConfig config) {
        IdentityHashMap<EndpointConfig, Upstream> byConfig = new IdentityHashMap<>();
        Map<String, Upstream> byPrefix = new HashMap<>();
        List<Upstream> all = new ArrayList<>();
        for (ApiDefinition api : apis) {
            add(api, null, api.production(), true, overrides, connector, config, byConfig, byPrefix, all);
            add(api, null, api.sandbox(), false, overrides, connector, config, byConfig, byPrefix, all);
            for (Resource r : api.resources()) {
                add(api, r, r.production(), true, overrides, connector, config, byConfig, byPrefix, all);
                add(api, r, r.sandbox(), false, overrides, connector, config, byConfig, byPrefix, all);
            }
        }
        return new Upstreams(byConfig, List.copyOf(all));
    }

    private static void add(ApiDefinition api, Resource resource, EndpointConfig endpoint, boolean production,
                            EndpointOverrides overrides, BackendConnector connector, GatewayConfig config,
                            IdentityHashMap<EndpointConfig, Upstream> byConfig, Map<String, Upstream> byPrefix,
                            List<Upstream> all) {
        if (endpoint == null || byConfig.containsKey(endpoint)) {
            return;
        }
        String prefix = EndpointOverrides.prefix(api, resource, endpoint, production);
        Upstream shared = byPrefix.get(prefix);
        if (shared != null) {
            byConfig.put(endpoint, shared);
            return;
        }
        String description = (endpoint.name() != null ? "endpoint '" + endpoint.name() + "'"
                : (production ? "production" : "sandbox") + " endpoint of API '" + api.name() + "'"
                + (resource != null ? " " + resource.method() + " " + resource.path() : ""));
        List<String> urls = overrides.urls(prefix, endpoint.urls());
        List<Member> members = new ArrayList<>();
        for (String url : urls) {
            try {
                members.add(new Member(BackendTarget.parse(url), connector));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("API '" + api.name() + "', " + description + ": " + e.getMessage(), e);
            }
        }
        if (members.isEmpty()) {
            return;
        }
        String authorization = null;
        if (endpoint.security() != null && "basic".equalsIgnoreCase(endpoint.security().type())) {
            authorization = overrides.basicAuthorization(prefix, endpoint.security(), "API '" + api.name() + "', " + description);
        }
        EndpointConfig.AdvanceEndpointConfig advance = endpoint.advance();
        long timeout = advance != null && advance.timeoutInMillis() != null && advance.timeoutInMillis() > 0
                ? advance.timeoutInMillis() : config.limits().backendResponseTimeoutMillis();
        Upstream upstream = new Upstream(description, endpoint.type(), List.copyOf(members), timeout,
                RetryPolicy.of(advance == null ? null : advance.retryConfig()),
                CircuitBreaker.of(advance == null ? null : advance.circuitBreaker()), authorization,
                config.backends().suspendMillis(), new AtomicInteger());
        byConfig.put(endpoint, upstream);
        byPrefix.put(prefix, upstream);
        all.add(upstream);
    }

    /** @return null when the endpoint has no URL at all */
    public Upstream get(EndpointConfig endpoint) {
        return byConfig.get(endpoint);
    }

    public List<Upstream> all() {
        return all;
    }

    /** Closes every pooled connection (each on its own event loop). */
    @Override
    public void close() {
        all.forEach(u -> u.members().forEach(Member::close));
    }
}
