package io.outpost.gateway.throttling.blocking;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.throttling.blocking.BlockingConditions.Kind;

/**
 * WSO2's blocking conditions (403 / 900805), decided before any quota is counted, in two places of
 * the pipeline (docs/throttling.md, "Blocking conditions"): API and address conditions before
 * authentication, so a blocked client or API costs no signature check; application and user
 * conditions after it, once the credential has named them. An API condition is decided when the
 * route is compiled (the whole route refuses); the rest per request: one binary search for the
 * address, one hash lookup each for the application and the user.
 */
public final class BlockingStage implements Stage {
    private static final Verdict REFUSAL = new Verdict.Refuse(Faults.blocked());

    /** What a stage decides on. */
    private enum On { API, ADDRESS, IDENTITY }

    private final BlockingConditions conditions;
    private final On on;

    private BlockingStage(BlockingConditions conditions, On on) {
        this.conditions = conditions;
        this.on = on;
    }

    /** API and address conditions, ahead of authentication; none for a route nothing of the kind blocks. */
    public static StageFactory beforeAuthentication(BlockingConditions conditions) {
        if (conditions.isEmpty()) {
            return route -> null;
        }
        return route -> conditions.blocksApi(route.api()) ? new BlockingStage(conditions, On.API)
                : conditions.blocksAddresses() ? new BlockingStage(conditions, On.ADDRESS) : null;
    }

    /** Application and user conditions, after authentication, on secured routes (an open one has no identity). */
    public static StageFactory afterAuthentication(BlockingConditions conditions) {
        if (!conditions.blocksIdentities()) {
            return route -> null;
        }
        return route -> route.secured() && !conditions.blocksApi(route.api()) ? new BlockingStage(conditions, On.IDENTITY) : null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        Kind kind = switch (on) {
            case API -> Kind.API;
            case ADDRESS -> conditions.match(exchange.clientAddress(), null);
            case IDENTITY -> exchange.identity() == null ? null : conditions.matchIdentity(exchange.identity());
        };
        if (kind == null) {
            return Verdict.CONTINUE;
        }
        exchange.record().throttleLevel("blocked").throttleTier(kind.label()).throttlePassed(false);
        return REFUSAL;
    }
}
