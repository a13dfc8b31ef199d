package io.outpost.toolkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Tier;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.List;
import java.util.Optional;

/**
 * {@code x-wso2-throttling-tier} at API or resource level. Both levels name a tier of
 * {@code resourcePolicies}, as in the WSO2 Microgateway 3.x, whose gateway looks the API-level and
 * the resource-level tier up among the resource policies only: application tiers are applied to
 * an application, subscription tiers to a subscription, never named here. {@code Unlimited} is
 * WSO2's reserved "no limit" and needs no definition.
 */
final class ThrottlingTierReader {
    static final String UNLIMITED = "Unlimited";

    private ThrottlingTierReader() {}

    /** The tier named at {@code pointer} ("" is the API level), reporting a name that is not a resource tier. */
    static String read(TreeReader reader, JsonNode value, String pointer, boolean apiLevel, ThrottlePolicies policies) {
        String tier = reader.name(value, pointer, Wso2Extensions.THROTTLING_TIER,
                "name a tier of policies.yaml, e.g. " + Wso2Extensions.THROTTLING_TIER + ": 10kPerMin");
        if (tier == null || tier.equals(UNLIMITED) || find(policies.resourcePolicies(), tier).isPresent()) {
            return tier;
        }
        String level = apiLevel ? "API" : "resource";
        List<String> resourceTiers = policies.resourcePolicies().stream().map(Tier::name).toList();
        Optional<Tier> application = find(policies.applicationPolicies(), tier);
        Optional<Tier> other = application.or(() -> find(policies.subscriptionPolicies(), tier));
        String message = other.isEmpty()
                ? "unknown throttling tier '" + tier + "': policies.yaml does not define it"
                : "throttling tier '" + tier + "' is " + (application.isPresent() ? "an application tier (applicationPolicies)"
                        : "a subscription tier (subscriptionPolicies)") + ", but " + Wso2Extensions.THROTTLING_TIER
                        + " at " + level + " level names a tier of resourcePolicies";
        // A tier of another list was named on purpose: a resource tier spelt alike is no fix.
        String suggestion = (other.isEmpty() ? Suggestions.closest(tier, resourceTiers) : Optional.<String>empty())
                .map(k -> "did you mean '" + k + "'? Or d")
                .orElse(resourceTiers.isEmpty() ? "D" : "name one of resourcePolicies (" + String.join(", ", resourceTiers) + "), or d");
        // Same limit, own name: one name in two lists is ambiguous (policies.yaml warns about it).
        Tier example = other.map(t -> new Tier(t.name() + "Resource", t.count(), t.unitTime(), t.timeUnit(), null,
                        t.bandwidth(), null, null))
                .orElse(new Tier(tier, 10, 1, "min", null));
        reader.error(pointer, message, suggestion + "efine a resource tier in policies.yaml"
                + (other.isPresent() ? " with the same limit" : "") + ", e.g.\n  resourcePolicies:\n    - " + example.name()
                + ":" + (example.count() == null ? "" : "\n        count: " + example.count())
                + (example.bandwidth() == null ? "" : "\n        dataAmount: " + example.bandwidth().dataAmount()
                        + "\n        dataUnit: " + example.bandwidth().dataUnit())
                + "\n        unitTime: " + example.unitTime() + "\n        timeUnit: " + example.timeUnit());
        return tier;
    }

    private static Optional<Tier> find(List<Tier> tiers, String name) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
