package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import java.util.List;

/**
 * The API and resource levels: one tier for every request of the route, whoever sends it, keyed by
 * the API (its counter shared by all of the API's resources) or by the resource. A request counts
 * on every condition group of the tier it matches (each group its own counter, as WSO2's
 * conditional groups), and is refused if any of them is spent; a request matching none counts
 * against the tier's own limit.
 */
record TierRule(ThrottleLevel level, String key, List<Group> groups, Limits otherwise, Charge fixed) implements LevelRule {

    /** A condition group: all its conditions hold, and it has a counter of its own. */
    record Group(List<Condition> conditions, Limits limits) {
        boolean matches(ExchangeContext exchange) {
            for (int i = 0; i < conditions.size(); i++) {
                if (!conditions.get(i).test(exchange)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** @param otherwise the tier's own limits, or null when only its groups limit */
    static TierRule of(ThrottleLevel level, String key, List<Group> groups, Limits otherwise) {
        return new TierRule(level, key, List.copyOf(groups), otherwise,
                groups.isEmpty() && otherwise != null ? new Charge(level, otherwise, key) : null);
    }

    @Override
    public void charges(ExchangeContext exchange, List<Charge> into) {
        if (fixed != null) {
            into.add(fixed); // a plain tier: nothing to decide, nothing allocated
            return;
        }
        boolean matched = false;
        for (int i = 0; i < groups.size(); i++) {
            Group group = groups.get(i);
            if (group.matches(exchange)) {
                into.add(new Charge(level, group.limits(), key));
                matched = true;
            }
        }
        if (!matched && otherwise != null) {
            into.add(new Charge(level, otherwise, key));
        }
    }
}
