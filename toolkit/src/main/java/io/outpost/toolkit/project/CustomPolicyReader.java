package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.KeyTemplate;
import io.outpost.common.model.ThrottlePolicies.CustomPolicy;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code customPolicies}: WSO2's custom level, global to the gateway (900806), one counter per value
 * of a key template: {@code - NAME: {key: "$userId:$apiContext", count, unitTime, timeUnit}}.
 */
final class CustomPolicyReader {
    private static final Set<String> KEYS = keys();
    private static final List<String> VARIABLES = Arrays.stream(KeyTemplate.Variable.values())
            .map(v -> v.spelling() + (v.takesName() ? ":NAME" : "")).toList();
    /** RFC 9110 token characters: what a header name may be made of. */
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String EXAMPLE = "customPolicies:\n  - PerUserPerApi:\n      key: \"$userId:$apiContext\"\n"
            + "      count: 100\n      unitTime: 1\n      timeUnit: min";

    private CustomPolicyReader() {}

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(LimitReader.KEYS);
        keys.add("key");
        return Set.copyOf(keys);
    }

    static List<CustomPolicy> read(TreeReader reader, JsonNode items, String pointer) {
        if (items == null || items.isNull()) {
            return List.of();
        }
        if (!items.isArray()) {
            reader.error(pointer, "customPolicies must be a list, found " + TreeReader.describe(items), "write:\n" + EXAMPLE);
            return List.of();
        }
        List<CustomPolicy> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemPointer = YamlDocument.child(pointer, i);
            if (!item.isObject() || item.size() != 1) {
                reader.error(itemPointer, "each item of customPolicies must be a map with one policy name, found "
                        + (item.isObject() ? "a map with " + item.size() + " keys" : TreeReader.describe(item)), "write:\n" + EXAMPLE);
                continue;
            }
            String name = item.fieldNames().next();
            String policyPointer = YamlDocument.child(itemPointer, name);
            if (!names.add(name)) {
                reader.error(policyPointer, "custom policy '" + name + "' is defined twice", "remove or rename one");
                continue;
            }
            CustomPolicy policy = policy(reader, item.get(name), policyPointer, name);
            if (policy != null) {
                out.add(policy);
            }
        }
        return List.copyOf(out);
    }

    private static CustomPolicy policy(TreeReader reader, JsonNode body, String pointer, String name) {
        String what = "custom policy '" + name + "'";
        if (!reader.isObject(body, pointer, what, "give it key, count, unitTime and timeUnit")) {
            return null;
        }
        reader.rejectUnknownKeys(body, pointer, KEYS, what);
        LimitReader.Limit limit = LimitReader.read(reader, body, pointer, what);
        String key = null;
        if (!body.has("key")) {
            reader.error(pointer, what + " has no key: what to count by", "add e.g. 'key: \"$userId:$apiContext\"' (" + String.join(", ", VARIABLES) + ")");
        } else {
            key = key(reader, body.get("key"), YamlDocument.child(pointer, "key"));
        }
        if (limit == null || key == null) {
            return null;
        }
        return new CustomPolicy(name, key, limit.count(), limit.unitTime(), limit.timeUnit(), limit.bandwidth());
    }

    private static String key(TreeReader reader, JsonNode value, String pointer) {
        String key = reader.name(value, pointer, "key", "quote it: key: \"$userId:$apiContext\"");
        if (key == null) {
            return null;
        }
        boolean ok = true;
        for (String text : KeyTemplate.split(key)) {
            try {
                KeyTemplate.Part part = KeyTemplate.part(text);
                if (part.variable() == KeyTemplate.Variable.HEADER && !part.name().matches(HEADER_NAME)) {
                    reader.error(pointer, "'" + part.name() + "' in key '" + key + "' is not a valid HTTP header name", "use letters, digits and '-', e.g. $header:X-Tenant");
                    ok = false;
                }
            } catch (IllegalArgumentException e) {
                reader.error(pointer, "key '" + key + "': " + e.getMessage(), hint(text));
                ok = false;
            }
        }
        return ok ? key : null;
    }

    private static String hint(String text) {
        String spelling = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
        List<String> bare = Arrays.stream(KeyTemplate.Variable.values()).map(KeyTemplate.Variable::spelling).toList();
        String all = "variables joined by ':', each one of " + String.join(", ", VARIABLES);
        return Suggestions.closest(spelling.startsWith("$") ? spelling : "$" + spelling, bare)
                .filter(k -> !k.equals(spelling))
                .map(k -> "did you mean '" + k + "'? A key is " + all)
                .orElse("a key is " + all);
    }
}
