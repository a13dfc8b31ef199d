package io.outpost.common.model;

import java.util.List;

/** {@code policies.yaml}, the WSO2 Microgateway shape: three lists of named tiers. */
public record ThrottlePolicies(List<Tier> resourcePolicies, List<Tier> applicationPolicies,
                               List<Tier> subscriptionPolicies) {

    public ThrottlePolicies {
        resourcePolicies = resourcePolicies == null ? List.of() : resourcePolicies;
        applicationPolicies = applicationPolicies == null ? List.of() : applicationPolicies;
        subscriptionPolicies = subscriptionPolicies == null ? List.of() : subscriptionPolicies;
    }

    /** @param timeUnit "sec", "min", "hour" or "day" */
    public record Tier(String name, long count, long unitTime, String timeUnit, Boolean stopOnQuotaReach) {}
}
