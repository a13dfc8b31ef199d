package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import java.util.List;
import java.util.Map;

/**
 * The subscription and application levels: the tier comes with the credential (the token's
 * subscription or application tier), so it is chosen per request among the policies' tiers.
 * Keys as WSO2 makes them: {@code appId:apiContext} for a subscription, {@code appId:user} for an
 * application. A request to an open resource has no identity: it counts against the
 * {@code Unauthenticated} subscription tier, keyed by its client address (an IPv6 client by its /64).
 * A tier the policies do not define (WSO2's {@code Unlimited}) limits nothing.
 *
 * @param unauthenticated the {@code Unauthenticated} tier's limits, or null (subscription level only)
 */
record ConsumerRule(ThrottleLevel level, Map<String, Limits> tiers, String apiContext, Limits unauthenticated)
        implements LevelRule {

    @Override
    public void charges(ExchangeContext exchange, List<Charge> into) {
        Identity identity = exchange.identity();
        if (identity == null) {
            if (unauthenticated != null && !exchange.route().secured()) {
                into.add(new Charge(level, unauthenticated, ClientKeys.of(exchange.clientAddress())));
            }
            return;
        }
        String tier = level == ThrottleLevel.SUBSCRIPTION ? identity.subscriptionTier() : identity.applicationTier();
        Limits limits = tier == null ? null : tiers.get(tier);
        if (limits == null) {
            return;
        }
        String application = identity.applicationId() != null ? identity.applicationId() : identity.subject();
        String key = level == ThrottleLevel.SUBSCRIPTION ? application + ":" + apiContext
                : application + ":" + identity.subject();
        into.add(new Charge(level, limits, key));
    }
}
