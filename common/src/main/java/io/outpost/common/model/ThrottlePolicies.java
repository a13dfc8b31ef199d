package io.outpost.common.model;

import java.util.List;
import java.util.Map;

/**
 * {@code policies.yaml}: the WSO2 Microgateway shape (three lists of named tiers) and what WSO2 has
 * only in its full gateway: bandwidth quotas, burst control, conditional groups, custom policies.
 * docs/throttling.md is the reference of every key.
 */
public record ThrottlePolicies(List<Tier> resourcePolicies, List<Tier> applicationPolicies,
                               List<Tier> subscriptionPolicies, List<CustomPolicy> customPolicies) {

    /** Window lengths: week, month and year are fixed lengths (7, 30, 365 days), windows aligned to the epoch in UTC. */
    public static final Map<String, Long> TIME_UNIT_MILLIS = Map.of("sec", 1_000L, "min", 60_000L,
            "hour", 3_600_000L, "day", 86_400_000L, "week", 7 * 86_400_000L, "month", 30 * 86_400_000L,
            "year", 365 * 86_400_000L);
    /** Bandwidth units: binary multiples (1 KB = 1024 bytes), as WSO2 counts them. */
    public static final Map<String, Long> DATA_UNIT_BYTES = Map.of("KB", 1L << 10, "MB", 1L << 20, "GB", 1L << 30);

    public ThrottlePolicies {
        resourcePolicies = resourcePolicies == null ? List.of() : resourcePolicies;
        applicationPolicies = applicationPolicies == null ? List.of() : applicationPolicies;
        subscriptionPolicies = subscriptionPolicies == null ? List.of() : subscriptionPolicies;
        customPolicies = customPolicies == null ? List.of() : customPolicies;
    }

    public ThrottlePolicies(List<Tier> resourcePolicies, List<Tier> applicationPolicies, List<Tier> subscriptionPolicies) {
        this(resourcePolicies, applicationPolicies, subscriptionPolicies, null);
    }

    /** {@code unitTime × timeUnit} in milliseconds; an unknown unit is a programming error (the toolkit refuses it). */
    public static long windowMillis(long unitTime, String timeUnit) {
        Long unit = TIME_UNIT_MILLIS.get(timeUnit);
        if (unit == null) {
            throw new IllegalArgumentException("unknown time unit '" + timeUnit + "'");
        }
        return Math.multiplyExact(unitTime, unit);
    }

    /**
     * A named tier: at most {@code count} requests and/or {@code bandwidth} bytes per window of
     * {@code unitTime × timeUnit}; at least one of the two is set.
     *
     * @param count            requests per window; null: no request limit (a bandwidth-only tier)
     * @param stopOnQuotaReach null means true; false lets requests over the quota through, marked
     * @param bandwidth        null: no bandwidth quota
     * @param burst            null: no burst control
     * @param conditionGroups  resource tiers only; empty: none
     */
    public record Tier(String name, Long count, long unitTime, String timeUnit, Boolean stopOnQuotaReach,
                       Bandwidth bandwidth, Burst burst, List<ConditionGroup> conditionGroups) {
        public Tier {
            conditionGroups = conditionGroups == null ? List.of() : conditionGroups;
        }

        public Tier(String name, long count, long unitTime, String timeUnit, Boolean stopOnQuotaReach) {
            this(name, count, unitTime, timeUnit, stopOnQuotaReach, null, null, null);
        }

        public long windowMillis() {
            return ThrottlePolicies.windowMillis(unitTime, timeUnit);
        }

        /** The bandwidth quota per window in bytes; 0 when the tier has none. */
        public long bandwidthBytes() {
            return bandwidth == null ? 0 : bandwidth.bytes();
        }
    }

    /** {@code dataAmount} of {@code dataUnit} (KB, MB, GB) per window, request and response bytes together. */
    public record Bandwidth(long dataAmount, String dataUnit) {
        public long bytes() {
            Long unit = DATA_UNIT_BYTES.get(dataUnit);
            if (unit == null) {
                throw new IllegalArgumentException("unknown data unit '" + dataUnit + "'");
            }
            return Math.multiplyExact(dataAmount, unit);
        }
    }

    /** Spike arrest: at most {@code count} requests per {@code timeUnit} (sec or min), smoothed. */
    public record Burst(long count, String timeUnit) {
        public long windowMillis() {
            return ThrottlePolicies.windowMillis(1, timeUnit);
        }
    }

    /**
     * A conditional group of a resource tier: requests for which every condition holds are counted
     * on the group's own counter against its own limit (count and/or bandwidth per window).
     */
    public record ConditionGroup(List<Condition> conditions, Long count, long unitTime, String timeUnit,
                                 Bandwidth bandwidth) {
        public ConditionGroup {
            conditions = conditions == null ? List.of() : conditions;
        }

        public long windowMillis() {
            return ThrottlePolicies.windowMillis(unitTime, timeUnit);
        }

        /** The bandwidth quota per window in bytes; 0 when the group has none. */
        public long bandwidthBytes() {
            return bandwidth == null ? 0 : bandwidth.bytes();
        }
    }

    /**
     * One condition. HEADER, QUERY_PARAMETER, JWT_CLAIM: {@code name} and one of {@code equals} or
     * {@code regex} (found anywhere in the value). IP: {@code address} is an IPv4/IPv6 literal.
     * IP_RANGE: {@code address} is a CIDR network. {@code invert} negates the outcome.
     */
    public record Condition(ConditionType type, String name, String equals, String regex, String address,
                            boolean invert) {}

    public enum ConditionType { HEADER, QUERY_PARAMETER, JWT_CLAIM, IP, IP_RANGE }

    /**
     * WSO2's custom level (global, 900806): a counter per value of {@code key}, a template of
     * variables joined by ':' such as {@code $userId:$apiContext} ({@link KeyTemplate} reads it).
     */
    public record CustomPolicy(String name, String key, Long count, long unitTime, String timeUnit, Bandwidth bandwidth) {
        public long windowMillis() {
            return ThrottlePolicies.windowMillis(unitTime, timeUnit);
        }

        /** The bandwidth quota per window in bytes; 0 when the policy has none. */
        public long bandwidthBytes() {
            return bandwidth == null ? 0 : bandwidth.bytes();
        }

        /** The key's parts, in order. @throws IllegalArgumentException if the key is not a valid template */
        public List<KeyTemplate.Part> keyParts() {
            return KeyTemplate.parse(key);
        }
    }
}
