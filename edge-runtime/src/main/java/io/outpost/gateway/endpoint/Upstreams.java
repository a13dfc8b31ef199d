package io.outpost.gateway.endpoint;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RoutePolicy;
import io.outpost.gateway.routing.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every endpoint the loaded artifact's routes use (each route's {@link RoutePolicy} says which),
 * resolved once at start: URLs (with deploy-time overrides) parsed, credentials read, retry and
 * circuit-breaker settings built. A named endpoint used by several resources is one upstream, so
 * they share its health, circuit and connections. Every other endpoint belongs to its API or to its
 * one resource (path and method): never shared because two of them answer to one override name, as
 * resources with the same operationId do. A bad URL stops the start instead of failing requests; a
 * missing password makes only that endpoint answer 503, with a warning.
 */
public final class Upstreams implements AutoCloseable {
    private final IdentityHashMap<EndpointConfig, Upstream> byConfig;
    private final List<Upstream> all;
    private final List<String> warnings;

    private Upstreams(IdentityHashMap<EndpointConfig, Upstream> byConfig, List<Upstream> all, List<String> warnings) {
        this.byConfig = byConfig;
        this.all = all;
        this.warnings = warnings;
    }

    /**
     * The upstreams of an artifact's definitions: those of their routes ({@link #ofRoutes}).
     *
     * @throws IllegalArgumentException naming the API and endpoint that cannot be used
     */
    public static Upstreams build(List<ApiDefinition> apis, EndpointOverrides overrides, BackendConnector connector,
                                  GatewayConfig config) {
        return ofRoutes(RouteTable.of(apis).routes(), overrides, connector, config);
    }

    /**
     * The upstream of each endpoint a route uses, as its {@link RoutePolicy} resolved it: an
     * endpoint no route uses (an API's, overridden by every resource) is not built.
     *
     * @throws IllegalArgumentException naming the API and endpoint that cannot be used
     */
    public static Upstreams ofRoutes(List<Route> routes, EndpointOverrides overrides, BackendConnector connector,
                                     GatewayConfig config) {
        IdentityHashMap<EndpointConfig, Upstream> byConfig = new IdentityHashMap<>();
        Map<Shared, Upstream> named = new HashMap<>();
        List<Upstream> all = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Route route : routes) {
            RoutePolicy policy = route.policy();
            add(route, policy.production(), true, overrides, connector, config, byConfig, named, all, warnings);
            add(route, policy.sandbox(), false, overrides, connector, config, byConfig, named, all, warnings);
        }
        return new Upstreams(byConfig, List.copyOf(all), List.copyOf(warnings));
    }

    private static void add(Route route, RoutePolicy.Endpoint declared, boolean production,
                            EndpointOverrides overrides, BackendConnector connector, GatewayConfig config,
                            IdentityHashMap<EndpointConfig, Upstream> byConfig, Map<Shared, Upstream> named,
                            List<Upstream> all, List<String> warnings) {
        if (declared == null || byConfig.containsKey(declared.config())) {
            return;
        }
        ApiDefinition api = route.api();
        EndpointConfig endpoint = declared.config();
        // An endpoint declared on the API answers to the API's variable names, one on the resource to the resource's.
        Resource resource = declared.level() == RoutePolicy.Level.RESOURCE ? route.resource() : null;
        String prefix = EndpointOverrides.prefix(api, resource, endpoint, production);
        // Each reference to a named endpoint is its own (equal) copy once the artifact is read;
        // equal, not just same-named: two definitions of a project may each name one 'backend'.
        Shared key = endpoint.name() != null && !endpoint.name().isBlank() ? new Shared(prefix, endpoint) : null;
        Upstream shared = key == null ? null : named.get(key);
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
        String unusable = null;
        if (endpoint.security() != null && "basic".equalsIgnoreCase(endpoint.security().type())) {
            try {
                authorization = overrides.basicAuthorization(prefix, endpoint.security(), description);
            } catch (IllegalArgumentException e) {
                // One endpoint without its password must not take every API on the device down:
                // its resources answer 503 naming the variable, the rest serve.
                unusable = e.getMessage();
                warnings.add("API '" + api.name() + "': " + e.getMessage());
            }
        }
        EndpointConfig.AdvanceEndpointConfig advance = endpoint.advance();
        long timeout = advance != null && advance.timeoutInMillis() != null && advance.timeoutInMillis() > 0
                ? advance.timeoutInMillis() : config.limits().backendResponseTimeoutMillis();
        // WSO2: several URLs without a type are load balanced.
        String type = EndpointConfig.HTTP.equals(endpoint.type()) && members.size() > 1 ? EndpointConfig.LOAD_BALANCE
                : endpoint.type();
        CircuitBreaker breaker;
        try {
            breaker = CircuitBreaker.of(advance == null ? null : advance.circuitBreaker(), description);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("API '" + api.name() + "', " + description + ": " + e.getMessage(), e);
        }
        Upstream upstream = new Upstream(description, type, List.copyOf(members), timeout,
                RetryPolicy.of(advance == null ? null : advance.retryConfig()), breaker, authorization,
                config.backends().suspendMillis(), unusable, new AtomicInteger());
        byConfig.put(endpoint, upstream);
        if (key != null) {
            named.put(key, upstream);
        }
        all.add(upstream);
    }

    /** A named endpoint as the deployment sees it: its variables' prefix and its declaration. */
    private record Shared(String prefix, EndpointConfig endpoint) {}

    /** @return null when the endpoint has no URL at all */
    public Upstream get(EndpointConfig endpoint) {
        return byConfig.get(endpoint);
    }

    /** Every upstream, each once (a shared named endpoint too): what the backend metrics read at a scrape. */
    public List<Upstream> all() {
        return all;
    }

    /** What an operator must fix although the gateway can start (e.g. a backend password not set). */
    public List<String> warnings() {
        return warnings;
    }

    /** Closes every pooled connection (each on its own event loop). */
    @Override
    public void close() {
        all.forEach(u -> u.members().forEach(Member::close));
    }
}
