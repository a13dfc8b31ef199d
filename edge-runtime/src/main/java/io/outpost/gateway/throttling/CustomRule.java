package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import java.util.List;

/** A custom policy (WSO2's custom level, 900806): global, keyed by its template. */
record CustomRule(CustomKey template, Limits limits) implements LevelRule {
    @Override
    public void charges(ExchangeContext exchange, List<Charge> into) {
        String key = template.keyOf(exchange);
        if (key != null) {
            into.add(new Charge(ThrottleLevel.CUSTOM, limits, key));
        }
    }
}
