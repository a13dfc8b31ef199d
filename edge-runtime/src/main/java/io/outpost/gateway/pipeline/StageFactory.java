package io.outpost.gateway.pipeline;

import io.outpost.gateway.routing.Route;

/**
 * Makes one kind of stage for a route when an artifact loads, or null when the route does not
 * need it (an open route gets no security stage). The gateway's assembly class lists the
 * factories once, in the pipeline's order.
 */
@FunctionalInterface
public interface StageFactory {
    Stage forRoute(Route route);
}
