package io.outpost.gateway.routing;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;

/**
 * One resource of an API with its {@link RoutePolicy}, resolved once when the artifact is loaded.
 * The accessors below read the policy; they hold no rule of their own.
 *
 * @param id the route's position in {@link RouteTable#routes()}, which indexes per-route data (the compiled stages)
 */
public record Route(ApiDefinition api, Resource resource, RoutePolicy policy, int id) {

    static Route of(ApiDefinition api, Resource resource, int id) {
        return new Route(api, resource, RoutePolicy.resolve(api, resource), id);
    }

    /** The effective production endpoint; null if neither level declares one. */
    public EndpointConfig production() {
        return policy.production() == null ? null : policy.production().config();
    }

    /** The effective sandbox endpoint; null if neither level declares one. */
    public EndpointConfig sandbox() {
        return policy.sandbox() == null ? null : policy.sandbox().config();
    }

    /** Whether the resource requires credentials (it is then refused until they are verified). */
    public boolean secured() {
        return policy.security().secured();
    }

    /** Whether {@code x-wso2-transports} allows plain HTTP. */
    public boolean plainHttp() {
        return policy.allowsPlainHttp();
    }

    /** The header credentials come in: {@code x-wso2-auth-header}, else Authorization. */
    public String authHeader() {
        return policy.security().authHeader();
    }
}
