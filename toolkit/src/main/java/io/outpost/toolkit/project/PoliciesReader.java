package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Burst;
import io.outpost.common.model.ThrottlePolicies.ConditionGroup;
import io.outpost.common.model.ThrottlePolicies.Tier;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code policies.yaml} in the WSO2 Microgateway shape: three lists of single-key maps,
 * {@code - NAME: {count, unitTime, timeUnit, stopOnQuotaReach?}}, where a tier may also have a
 * bandwidth quota (dataAmount, dataUnit), burst control and, on resource tiers, condition
 * groups; and WSO2's custom policies (customPolicies). docs/throttling.md is the reference.
 */
final class PoliciesReader {
    private static final String RESOURCE = "resourcePolicies";
    private static final String APPLICATION = "applicationPolicies";
    private static final String SUBSCRIPTION = "subscriptionPolicies";
    private static final String CUSTOM = "customPolicies";
    private static final String STOP = "stopOnQuotaReach";
    private static final String STOP_WSO2 = "stopOnQuota";
    private static final Set<String> LISTS = Set.of(RESOURCE, APPLICATION, SUBSCRIPTION, CUSTOM);
    private static final Set<String> TIER_KEYS = tierKeys();
    private static final String TIER_EXAMPLE = "- 10PerMin:\n      count: 10\n      unitTime: 1\n      timeUnit: min";

    private PoliciesReader() {}

    private static Set<String> tierKeys() {
        Set<String> keys = new HashSet<>(LimitReader.KEYS);
        keys.addAll(Set.of(STOP, STOP_WSO2, "burst", "conditionGroups"));
        return Set.copyOf(keys);
    }

    static ThrottlePolicies read(TreeReader reader) {
        JsonNode root = reader.doc().root();
        if (root.isMissingNode()) {
            return new ThrottlePolicies(List.of(), List.of(), List.of());
        }
        if (!reader.isObject(root, "", ProjectFiles.POLICIES_FILE, "use the keys resourcePolicies, applicationPolicies, subscriptionPolicies, customPolicies")) {
            return new ThrottlePolicies(List.of(), List.of(), List.of());
        }
        reader.rejectUnknownKeys(root, "", LISTS, ProjectFiles.POLICIES_FILE);
        Map<String, String> seen = new HashMap<>();
        return new ThrottlePolicies(tiers(reader, root, RESOURCE, seen), tiers(reader, root, APPLICATION, seen),
                tiers(reader, root, SUBSCRIPTION, seen), CustomPolicyReader.read(reader, root.get(CUSTOM), "/" + CUSTOM));
    }

    private static List<Tier> tiers(TreeReader reader, JsonNode root, String list, Map<String, String> seen) {
        JsonNode items = root.get(list);
        String pointer = "/" + list;
        if (items == null || items.isNull()) {
            return List.of();
        }
        if (!items.isArray()) {
            reader.error(pointer, list + " must be a list of tiers, found " + TreeReader.describe(items),
                    "write each tier as a list item:\n  " + list + ":\n    " + TIER_EXAMPLE.replace("\n", "\n    "));
            return List.of();
        }
        List<Tier> tiers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemPointer = YamlDocument.child(pointer, i);
            if (!item.isObject() || item.size() != 1) {
                reader.error(itemPointer, "each item of " + list + " must be a map with one tier name, found "
                        + (item.isObject() ? "a map with " + item.size() + " keys" : TreeReader.describe(item)),
                        "write:\n    " + TIER_EXAMPLE.replace("\n", "\n    "));
                continue;
            }
            String name = item.fieldNames().next();
            String tierPointer = YamlDocument.child(itemPointer, name);
            String previous = seen.putIfAbsent(name, list);
            if (previous != null && previous.equals(list)) {
                reader.error(tierPointer, "tier '" + name + "' is defined twice in " + list, "remove or rename one");
                continue;
            }
            if (previous != null) {
                reader.warning(tierPointer, "tier '" + name + "' is also defined in " + previous
                        + "; one name for two limits is ambiguous (x-wso2-throttling-tier names only resourcePolicies)",
                        "give each tier a distinct name");
            }
            Tier tier = tier(reader, item.get(name), tierPointer, name, list);
            if (tier != null) {
                tiers.add(tier);
            }
        }
        return List.copyOf(tiers);
    }

    private static Tier tier(TreeReader reader, JsonNode body, String pointer, String name, String list) {
        String what = "tier '" + name + "'";
        if (!reader.isObject(body, pointer, what, "give it count, unitTime and timeUnit")) {
            return null;
        }
        reader.rejectUnknownKeys(body, pointer, TIER_KEYS, what);
        LimitReader.Limit limit = LimitReader.read(reader, body, pointer, what);
        Boolean stop = stopOnQuotaReach(reader, body, pointer, what, list);
        Burst burst = body.has("burst") ? BurstReader.read(reader, body.get("burst"), YamlDocument.child(pointer, "burst"), what, limit) : null;
        List<ConditionGroup> groups = null;
        if (body.has("conditionGroups")) {
            String groupsPointer = YamlDocument.child(pointer, "conditionGroups");
            if (!list.equals(RESOURCE)) {
                reader.error(groupsPointer, "conditionGroups are only read on resourcePolicies tiers, not on " + list,
                        "move the tier to resourcePolicies and name it with x-wso2-throttling-tier, or remove conditionGroups");
                return null;
            }
            groups = ConditionGroupReader.read(reader, body.get("conditionGroups"), groupsPointer, name);
            if (groups == null) {
                return null;
            }
        }
        if (limit == null || (body.has("burst") && burst == null)) {
            return null;
        }
        return new Tier(name, limit.count(), limit.unitTime(), limit.timeUnit(), stop, limit.bandwidth(), burst, groups);
    }

    /** stopOnQuotaReach, or WSO2's own spelling stopOnQuota (its tests-policies.yaml uses it); not both. */
    private static Boolean stopOnQuotaReach(TreeReader reader, JsonNode body, String pointer, String what, String list) {
        String key = body.has(STOP) ? STOP : body.has(STOP_WSO2) ? STOP_WSO2 : null;
        if (key == null) {
            return null;
        }
        String keyPointer = YamlDocument.child(pointer, key);
        if (body.has(STOP) && body.has(STOP_WSO2)) {
            reader.error(YamlDocument.child(pointer, STOP_WSO2), what + " has both stopOnQuotaReach and stopOnQuota (WSO2's spelling of the same switch)",
                    "keep one of them");
            return null;
        }
        Boolean stop = reader.bool(body.get(key), keyPointer, key);
        if (!list.equals(SUBSCRIPTION)) {
            reader.warning(keyPointer, key + " only applies to subscription tiers", null);
        }
        return stop;
    }
}
