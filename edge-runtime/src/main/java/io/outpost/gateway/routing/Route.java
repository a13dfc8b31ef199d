package io.outpost.gateway.routing;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.EndpointConfig;
import io.outpost.common.model.Resource;

/**
 * One resource with its effective settings, resolved once when the artifact is loaded: the
 * resource-level value where declared, else the API's.
 *
 * @param production  effective production endpoint; null if neither level declares one
 * @param secured     whether the resource declares security (it is then refused until verified)
 * @param plainHttp   whether {@code x-wso2-transports} allows plain HTTP
 * @param id          the route's position in {@link RouteTable#routes()}
 */
public record Route(ApiDefinition api, Resource resource, EndpointConfig production, EndpointConfig sandbox,
                    boolean secured, boolean plainHttp, int id) {

    /** The header credentials come in: {@code x-wso2-auth-header}, the resource's over the API's, else Authorization. */
    public String authHeader() {
        return resource.authHeader() != null ? resource.authHeader()
                : api.authHeader() != null ? api.authHeader() : "Authorization";
    }

    /** @param id the route's position in its table, which indexes per-route data (the compiled stages) */
    static Route of(ApiDefinition api, Resource resource, int id) {
        EndpointConfig production = resource.production() != null ? resource.production() : api.production();
        EndpointConfig sandbox = resource.sandbox() != null ? resource.sandbox() : api.sandbox();
        var transports = !resource.transports().isEmpty() ? resource.transports() : api.transports();
        boolean plainHttp = transports.isEmpty() || transports.stream().anyMatch(t -> t.equalsIgnoreCase("http"));
        return new Route(api, resource, production, sandbox, SecurityDeclaration.declaresSecurity(api, resource),
                plainHttp, id);
    }
}
