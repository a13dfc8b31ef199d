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
 */
public record Route(ApiDefinition api, Resource resource, EndpointConfig production, EndpointConfig sandbox,
                    boolean secured, boolean plainHttp) {

    static Route of(ApiDefinition api, Resource resource) {
        EndpointConfig production = resource.production() != null ? resource.production() : api.production();
        EndpointConfig sandbox = resource.sandbox() != null ? resource.sandbox() : api.sandbox();
        var transports = !resource.transports().isEmpty() ? resource.transports() : api.transports();
        boolean plainHttp = transports.isEmpty() || transports.stream().anyMatch(t -> t.equalsIgnoreCase("http"));
        return new Route(api, resource, production, sandbox, SecurityDeclaration.declaresSecurity(api, resource),
                plainHttp);
    }
}
