package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import java.util.List;

/**
 * One level of a route's throttling, compiled when a generation is: what a request counts against
 * there (the tier, the condition groups of it the request matches, the key). Adds nothing when the
 * level does not apply to this request (no identity for an application tier, a custom key's
 * variable missing). Decides nothing and counts nothing: {@link ThrottleStage} does.
 */
interface LevelRule {
    void charges(ExchangeContext exchange, List<Charge> into);
}
