package io.outpost.gateway.throttling.blocking;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.throttling.blocking.BlockingConditions.Kind;

/**
 * WSO2's blocking conditions (403 / 900805), the first of the throttling decisions and before any
 * quota is counted. Runs after authentication, so a blocked application or user is known; address
 * and API conditions hold on open routes too. An API condition is decided when the route is
 * compiled (the whole route refuses); the rest per request: one binary search for the address, one
 * hash lookup each for the application and the user.
 */
public final class BlockingStage implements Stage {
    private static final Verdict REFUSAL = new Verdict.Refuse(Faults.blocked());

    private final BlockingConditions conditions;
    private final boolean apiBlocked;

    private BlockingStage(BlockingConditions conditions, boolean apiBlocked) {
        this.conditions = conditions;
        this.apiBlocked = apiBlocked;
    }

    /**
     * The stage for each route under {@code conditions} (one generation's): none at all when there
     * are no conditions, so a gateway that blocks nothing pays nothing.
     */
    public static StageFactory factory(BlockingConditions conditions) {
        return conditions.isEmpty() ? route -> null : route -> forRoute(conditions, route);
    }

    private static Stage forRoute(BlockingConditions conditions, Route route) {
        if (conditions.blocksApi(route.api())) {
            return new BlockingStage(conditions, true);
        }
        return conditions.decidesPerRequest() ? new BlockingStage(conditions, false) : null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        Kind kind = apiBlocked ? Kind.API : conditions.match(exchange.clientAddress(), exchange.identity());
        if (kind == null) {
            return Verdict.CONTINUE;
        }
        exchange.record().throttleLevel("blocked").throttleTier(kind.label()).throttlePassed(false);
        return REFUSAL;
    }
}
