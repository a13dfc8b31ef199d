package io.outpost.gateway.pipeline;

import io.outpost.gateway.endpoint.Upstreams;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RouteTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a request is decided from, fixed for the exchanges that start under it: the route
 * table, each route's compiled stages and the upstreams. An exchange takes the current generation
 * at its start and keeps it to its end; a new one is built completely off the event loops and
 * swapped in whole ({@link Generations}). See docs/architecture.md, "Generations".
 *
 * @param number increasing, for reports
 */
public record Generation(long number, RouteTable routes, List<RoutePipeline> pipelines, Upstreams upstreams) {

    /**
     * Compiles the routes of an artifact: each route gets the stages the factories make for it,
     * in their order, and nothing else.
     */
    public static Generation compile(long number, RouteTable routes, List<StageFactory> order,
                                     LocalReplies replies, Upstreams upstreams) {
        List<RoutePipeline> pipelines = new ArrayList<>(routes.routes().size());
        for (Route route : routes.routes()) {
            List<Stage> stages = new ArrayList<>();
            for (StageFactory factory : order) {
                Stage stage = factory.forRoute(route);
                if (stage != null) {
                    stages.add(stage);
                }
            }
            pipelines.add(new RoutePipeline(stages, replies));
        }
        return new Generation(number, routes, List.copyOf(pipelines), upstreams);
    }

    /** The compiled stages of a route of this generation. */
    public RoutePipeline pipeline(Route route) {
        return pipelines.get(route.id());
    }
}
