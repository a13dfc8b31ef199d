package io.outpost.gateway.throttling;

import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Tier;
import io.outpost.common.bundle.content.IpRange;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.routing.RoutePolicy;
import io.outpost.gateway.throttling.blocking.AddressSet;
import io.outpost.gateway.throttling.counting.CounterRegistry;
import io.outpost.gateway.throttling.counting.WindowLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles an artifact's policies (policies.yaml) into each route's {@link ThrottleStage}, once per
 * generation, onto counters from the process's {@link CounterRegistry}: a tier kept by a new
 * generation keeps its counts. A route with nothing to count gets no stage.
 */
final class ThrottlePlanner {
    /** WSO2's tier that limits nothing. */
    static final String UNLIMITED = "Unlimited";
    static final String UNAUTHENTICATED = "Unauthenticated";

    private final CounterRegistry registry;
    private final ThrottleMetrics metrics;
    private final boolean fieldsOnEveryResponse;
    private final Map<String, Tier> resourceTiers = new HashMap<>();
    private final Map<String, Limits> subscriptionTiers;
    private final Map<String, Limits> applicationTiers;
    private final Limits unauthenticated;
    private final List<LevelRule> customRules = new ArrayList<>();
    /** Every counter this generation's stages count on: the rest of the registry can be forgotten. */
    private final List<Object> inUse = new ArrayList<>();

    ThrottlePlanner(ThrottlePolicies policies, CounterRegistry registry, ThrottleMetrics metrics, boolean fieldsOnEveryResponse) {
        this.registry = registry;
        this.metrics = metrics;
        this.fieldsOnEveryResponse = fieldsOnEveryResponse;
        policies.resourcePolicies().forEach(t -> resourceTiers.put(t.name(), t));
        this.subscriptionTiers = limitsByName(ThrottleLevel.SUBSCRIPTION, policies.subscriptionPolicies());
        this.applicationTiers = limitsByName(ThrottleLevel.APPLICATION, policies.applicationPolicies());
        this.unauthenticated = subscriptionTiers.get(UNAUTHENTICATED);
        for (ThrottlePolicies.CustomPolicy custom : policies.customPolicies()) {
            customRules.add(new CustomRule(CustomKey.of(custom.keyParts()), limits(ThrottleLevel.CUSTOM, custom.name(),
                    custom.count(), custom.windowMillis(), custom.bandwidthBytes(), null, null)));
        }
    }

    /** The counters this planner's stages use. */
    List<Object> inUse() {
        return inUse;
    }

    /** The route's throttling stage, or null when nothing counts its requests. */
    Stage forRoute(Route route) {
        List<LevelRule> rules = new ArrayList<>();
        RoutePolicy.Throttling tiers = route.policy().throttling();
        String apiKey = route.api().name() + ":" + route.api().version();
        addTier(rules, ThrottleLevel.API, tiers.apiTier(), apiKey);
        addTier(rules, ThrottleLevel.RESOURCE, tiers.resourceTier(),
                apiKey + " " + route.resource().method() + " " + route.resource().path());
        if (route.secured() ? !subscriptionTiers.isEmpty() : unauthenticated != null) {
            rules.add(new ConsumerRule(ThrottleLevel.SUBSCRIPTION, subscriptionTiers, route.api().basePath(), unauthenticated));
        }
        if (route.secured() && !applicationTiers.isEmpty()) {
            rules.add(new ConsumerRule(ThrottleLevel.APPLICATION, applicationTiers, route.api().basePath(), null));
        }
        rules.addAll(customRules);
        return rules.isEmpty() ? null : new ThrottleStage(rules, metrics, fieldsOnEveryResponse);
    }

    private void addTier(List<LevelRule> rules, ThrottleLevel level, String name, String key) {
        Tier tier = name == null || name.equals(UNLIMITED) ? null : resourceTiers.get(name);
        if (tier == null) {
            return; // Unlimited, or none (the toolkit refuses a tier policies.yaml lacks)
        }
        List<TierRule.Group> groups = new ArrayList<>();
        for (int i = 0; i < tier.conditionGroups().size(); i++) {
            ThrottlePolicies.ConditionGroup group = tier.conditionGroups().get(i);
            groups.add(new TierRule.Group(group.conditions().stream().map(ThrottlePlanner::condition).toList(),
                    limits(level, tier.name() + "#" + (i + 1), group.count(), group.windowMillis(), group.bandwidthBytes(),
                            null, tier.stopOnQuotaReach())));
        }
        rules.add(TierRule.of(level, key, groups, limits(level, tier)));
    }

    private Map<String, Limits> limitsByName(ThrottleLevel level, List<Tier> tiers) {
        Map<String, Limits> byName = new HashMap<>();
        for (Tier tier : tiers) {
            if (!tier.name().equals(UNLIMITED)) {
                byName.put(tier.name(), limits(level, tier));
            }
        }
        return Map.copyOf(byName);
    }

    private Limits limits(ThrottleLevel level, Tier tier) {
        return limits(level, tier.name(), tier.count(), tier.windowMillis(), tier.bandwidthBytes(), tier.burst(),
                tier.stopOnQuotaReach());
    }

    /** The counters of one tier (or group) at one level, named so that a later generation finds them again. */
    private Limits limits(ThrottleLevel level, String name, Long count, long windowMillis, long bandwidthBytes,
                          ThrottlePolicies.Burst burst, Boolean stopOnQuota) {
        String counter = level.label() + "/" + name;
        Limits limits = new Limits(level, name.contains("#") ? name.substring(0, name.indexOf('#')) : name,
                count == null ? null : registry.window(counter, new WindowLimit(count, windowMillis)),
                bandwidthBytes == 0 ? null : registry.window(counter + "/bytes", new WindowLimit(bandwidthBytes, windowMillis)),
                burst == null ? null : registry.burst(counter + "/burst", burst.count(), burst.windowMillis()),
                stopOnQuota == null || stopOnQuota);
        for (Object used : new Object[] {limits.requests(), limits.bytes(), limits.burst()}) {
            if (used != null) {
                inUse.add(used);
            }
        }
        return limits;
    }

    private static Condition condition(ThrottlePolicies.Condition spec) {
        Condition.Match match = new Condition.Match(spec.equals(), spec.regex() == null ? null : Pattern.compile(spec.regex()));
        Condition condition = switch (spec.type()) {
            case HEADER -> new Condition.Header(spec.name(), match);
            case QUERY_PARAMETER -> new Condition.QueryParameter(spec.name(), match);
            case JWT_CLAIM -> new Condition.JwtClaim(spec.name(), match);
            case IP, IP_RANGE -> new Condition.ClientAddress(AddressSet.of(List.of(IpRange.parse(spec.address()))));
        };
        return spec.invert() ? new Condition.Not(condition) : condition;
    }
}
