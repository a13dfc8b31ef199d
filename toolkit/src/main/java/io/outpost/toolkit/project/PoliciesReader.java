package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Tier;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code policies.yaml} in the WSO2 Microgateway shape: three lists of single-key maps,
 * {@code - NAME: {count, unitTime, timeUnit, stopOnQuotaReach?}}.
 */
final class PoliciesReader {
    private static final String RESOURCE = "resourcePolicies";
    private static final String APPLICATION = "applicationPolicies";
    private static final String SUBSCRIPTION = "subscriptionPolicies";
    private static final Set<String> LISTS = Set.of(RESOURCE, APPLICATION, SUBSCRIPTION);
    private static final Set<String> TIER_KEYS = Set.of("count", "unitTime", "timeUnit", "stopOnQuotaReach");
    private static final Set<String> TIME_UNITS = Set.of("sec", "min", "hour", "day");
    private static final String TIER_EXAMPLE = "- 10PerMin:\n      count: 10\n      unitTime: 1\n      timeUnit: min";

    private PoliciesReader() {}

    static ThrottlePolicies read(TreeReader reader) {
        JsonNode root = reader.doc().root();
        if (root.isMissingNode()) {
            return new ThrottlePolicies(List.of(), List.of(), List.of());
        }
        if (!reader.isObject(root, "", ProjectFiles.POLICIES_FILE, "use the keys resourcePolicies, applicationPolicies, subscriptionPolicies")) {
            return new ThrottlePolicies(List.of(), List.of(), List.of());
        }
        reader.rejectUnknownKeys(root, "", LISTS, ProjectFiles.POLICIES_FILE);
        Map<String, String> seen = new HashMap<>();
        return new ThrottlePolicies(tiers(reader, root, RESOURCE, seen), tiers(reader, root, APPLICATION, seen),
                tiers(reader, root, SUBSCRIPTION, seen));
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
        if (!reader.isObject(body, pointer, "tier '" + name + "'", "give it count, unitTime and timeUnit")) {
            return null;
        }
        reader.rejectUnknownKeys(body, pointer, TIER_KEYS, "tier '" + name + "'");
        Long count = positive(reader, body, pointer, "count", name);
        Long unitTime = positive(reader, body, pointer, "unitTime", name);
        String timeUnit = null;
        JsonNode unit = body.get("timeUnit");
        if (unit == null) {
            reader.error(pointer, "tier '" + name + "' has no timeUnit", "add 'timeUnit: min' (sec, min, hour or day)");
        } else {
            timeUnit = reader.string(unit, pointer + "/timeUnit", "timeUnit", "one of sec, min, hour, day");
            if (timeUnit != null && !TIME_UNITS.contains(timeUnit)) {
                reader.error(pointer + "/timeUnit", "unknown timeUnit '" + timeUnit + "'", "use sec, min, hour or day");
                timeUnit = null;
            }
        }
        Boolean stop = null;
        if (body.has("stopOnQuotaReach")) {
            stop = reader.bool(body.get("stopOnQuotaReach"), pointer + "/stopOnQuotaReach", "stopOnQuotaReach");
            if (!list.equals(SUBSCRIPTION)) {
                reader.warning(pointer + "/stopOnQuotaReach", "stopOnQuotaReach only applies to subscription tiers", null);
            }
        }
        if (count == null || unitTime == null || timeUnit == null) {
            return null;
        }
        return new Tier(name, count, unitTime, timeUnit, stop);
    }

    private static Long positive(TreeReader reader, JsonNode body, String pointer, String key, String tier) {
        JsonNode value = body.get(key);
        if (value == null) {
            reader.error(pointer, "tier '" + tier + "' has no " + key, "add '" + key + ": 1' (a whole number above 0)");
            return null;
        }
        Long n = reader.nonNegativeLong(value, pointer + "/" + key, key);
        if (n != null && n == 0) {
            reader.error(pointer + "/" + key, key + " must be above 0", null);
            return null;
        }
        return n;
    }
}
