package io.outpost.gateway.security;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RoutePolicy;

/**
 * The first security stage: a resource that declares security (or, as in the WSO2 Microgateway,
 * declares none) is refused with 401 / 900902 until a stage that can verify its credentials takes
 * its place. Compiled only for secured routes.
 */
public final class FailClosedStage implements Stage {
    private final Verdict refusal;

    private FailClosedStage(String authHeader) {
        this.refusal = new Verdict.Refuse(Faults.missingCredentials(authHeader));
    }

    /** The stage for a secured route, or null for an open one. */
    public static Stage forRoute(Route route) {
        RoutePolicy.Security security = route.policy().security();
        return security.secured() ? new FailClosedStage(security.authHeader()) : null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return refusal;
    }
}
