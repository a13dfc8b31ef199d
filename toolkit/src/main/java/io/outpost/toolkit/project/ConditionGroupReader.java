package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.content.IpRange;
import io.outpost.common.model.ThrottlePolicies.Condition;
import io.outpost.common.model.ThrottlePolicies.ConditionGroup;
import io.outpost.common.model.ThrottlePolicies.ConditionType;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code conditionGroups} of a resource tier (WSO2's conditional groups of advanced policies):
 * {@code - conditions: [...]} with a limit of its own. Each condition is a map of one kind key,
 * {@code header}, {@code queryParameter}, {@code jwtClaim} ({name, equals | regex}), {@code ip}
 * (an address) or {@code ipRange} (a CIDR network or FIRST-LAST range), and optionally {@code invert: true} beside it.
 */
final class ConditionGroupReader {
    private static final Map<String, ConditionType> KINDS = Map.of("header", ConditionType.HEADER,
            "queryParameter", ConditionType.QUERY_PARAMETER, "jwtClaim", ConditionType.JWT_CLAIM,
            "ip", ConditionType.IP, "ipRange", ConditionType.IP_RANGE);
    private static final Set<String> GROUP_KEYS = union(LimitReader.KEYS, Set.of("conditions"));
    private static final Set<String> NAMED_KEYS = Set.of("name", "equals", "regex");
    /** RFC 9110 token characters: what a header name may be made of. */
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String GROUP_EXAMPLE = "conditionGroups:\n  - conditions:\n      - header: {name: X-Tier, equals: gold}\n"
            + "    count: 100\n    unitTime: 1\n    timeUnit: min";
    private static final String KIND_LIST = "header, queryParameter, jwtClaim, ip or ipRange";

    private ConditionGroupReader() {}

    static List<ConditionGroup> read(TreeReader reader, JsonNode groups, String pointer, String tier) {
        if (groups == null || !groups.isArray() || groups.isEmpty()) {
            reader.error(pointer, "conditionGroups of tier '" + tier + "' must be a non-empty list, found "
                    + TreeReader.describe(groups), "write:\n  " + GROUP_EXAMPLE.replace("\n", "\n  "));
            return null;
        }
        List<ConditionGroup> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < groups.size(); i++) {
            String what = "condition group " + (i + 1) + " of tier '" + tier + "'";
            ConditionGroup group = group(reader, groups.get(i), YamlDocument.child(pointer, i), what);
            ok &= group != null;
            if (group != null) {
                out.add(group);
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    private static ConditionGroup group(TreeReader reader, JsonNode body, String pointer, String what) {
        if (!reader.isObject(body, pointer, what, "write:\n  " + GROUP_EXAMPLE.replace("\n", "\n  "))) {
            return null;
        }
        reader.rejectUnknownKeys(body, pointer, GROUP_KEYS, what);
        LimitReader.Limit limit = LimitReader.read(reader, body, pointer, what);
        JsonNode conditions = body.get("conditions");
        String listPointer = YamlDocument.child(pointer, "conditions");
        if (conditions == null || !conditions.isArray() || conditions.isEmpty()) {
            reader.error(conditions == null ? pointer : listPointer, what + " needs a non-empty list of conditions"
                    + (conditions == null ? "" : ", found " + TreeReader.describe(conditions)),
                    "add e.g.\n  conditions:\n    - header: {name: X-Tier, equals: gold}\n    - ipRange: 10.0.0.0/8");
            return null;
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            Condition condition = condition(reader, conditions.get(i), YamlDocument.child(listPointer, i));
            if (condition != null) {
                out.add(condition);
            }
        }
        if (limit == null || out.size() != conditions.size()) {
            return null;
        }
        return new ConditionGroup(List.copyOf(out), limit.count(), limit.unitTime(), limit.timeUnit(), limit.bandwidth());
    }

    private static Condition condition(TreeReader reader, JsonNode item, String pointer) {
        String hint = "write one of " + KIND_LIST + ", e.g. '- header: {name: X-Tier, equals: gold}' or '- ip: 192.0.2.7'"
                + ", with 'invert: true' beside it to negate it";
        if (!reader.isObject(item, pointer, "a condition", hint)) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        item.fieldNames().forEachRemaining(key -> {
            if (!key.equals("invert")) {
                kinds.add(key);
            }
        });
        if (kinds.size() != 1 || !KINDS.containsKey(kinds.get(0))) {
            String unknown = kinds.stream().filter(k -> !KINDS.containsKey(k)).findFirst().orElse(null);
            if (unknown != null) {
                reader.error(YamlDocument.child(pointer, unknown), "unknown condition '" + unknown + "'", Suggestions.hint(unknown, KINDS.keySet()));
            } else {
                reader.error(pointer, "a condition must have exactly one of " + KIND_LIST + ", found "
                        + (kinds.isEmpty() ? "none" : String.join(", ", kinds)),
                        "write each condition as its own list item: all conditions of a group must hold");
            }
            return null;
        }
        String kind = kinds.get(0);
        boolean invert = false;
        if (item.has("invert")) {
            Boolean b = reader.bool(item.get("invert"), YamlDocument.child(pointer, "invert"), "invert");
            if (b == null) {
                return null;
            }
            invert = b;
        }
        ConditionType type = KINDS.get(kind);
        JsonNode value = item.get(kind);
        String valuePointer = YamlDocument.child(pointer, kind);
        return switch (type) {
            case IP, IP_RANGE -> address(reader, value, valuePointer, type, invert);
            default -> named(reader, value, valuePointer, kind, type, invert);
        };
    }

    /** Read by common's IpRange, as the gateway reads them: literals only, never a DNS query. */
    private static Condition address(TreeReader reader, JsonNode value, String pointer, ConditionType type, boolean invert) {
        boolean range = type == ConditionType.IP_RANGE;
        String text = reader.name(value, pointer, range ? "ipRange" : "ip", range ? "ipRange: 10.0.0.0/8 (or 2001:db8::/32)" : "ip: 192.0.2.7");
        if (text == null) {
            return null;
        }
        if (range) {
            try {
                IpRange.parse(text);
            } catch (IllegalArgumentException e) {
                reader.error(pointer, e.getMessage(), "write a network as ADDRESS/PREFIX (10.0.0.0/8, 2001:db8::/32) or a range FIRST-LAST");
                return null;
            }
        } else if (IpRange.address(text) == null) {
            reader.error(pointer, "'" + text + "' is not an IPv4 or IPv6 address (names are not resolved)",
                    text.contains("/") || text.contains("-") ? "use 'ipRange: " + text + "' for a network or range"
                            : "write an address, e.g. 192.0.2.7 or 2001:db8::7");
            return null;
        }
        return new Condition(type, null, null, null, text, invert);
    }

    private static Condition named(TreeReader reader, JsonNode value, String pointer, String kind, ConditionType type, boolean invert) {
        String example = kind + ": {name: " + (type == ConditionType.HEADER ? "X-Tier" : "tier") + ", equals: gold}";
        if (!reader.isObject(value, pointer, kind, "write " + example + " (or regex: instead of equals)")) {
            return null;
        }
        if (value.has("invert")) {
            reader.error(YamlDocument.child(pointer, "invert"), "invert belongs beside " + kind + ", not inside it",
                    "write:\n  - " + kind + ": {...}\n    invert: true");
            return null;
        }
        reader.rejectUnknownKeys(value, pointer, NAMED_KEYS, kind);
        String name = value.has("name") ? reader.name(value.get("name"), YamlDocument.child(pointer, "name"), kind + " name", example) : null;
        if (!value.has("name")) {
            reader.error(pointer, kind + " has no name", "write " + example);
        } else if (name != null && type == ConditionType.HEADER && !name.matches(HEADER_NAME)) {
            reader.error(YamlDocument.child(pointer, "name"), "'" + name + "' is not a valid HTTP header name", "use letters, digits and '-', e.g. X-Tier");
            name = null;
        }
        if (value.has("equals") == value.has("regex")) {
            reader.error(pointer, kind + " needs exactly one of equals or regex", "write " + example + ", or regex: \"^gold|silver$\"");
            return null;
        }
        String equals = value.has("equals") ? scalar(reader, value.get("equals"), YamlDocument.child(pointer, "equals")) : null;
        String regex = value.has("regex") ? regex(reader, value.get("regex"), YamlDocument.child(pointer, "regex")) : null;
        if (name == null || (equals == null && regex == null)) {
            return null;
        }
        return new Condition(type, name, equals, regex, null, invert);
    }

    /** A value to compare with: text, or a number or boolean written bare (a claim may be one). */
    private static String scalar(TreeReader reader, JsonNode value, String pointer) {
        if (value != null && value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        reader.error(pointer, "equals must be a string, found " + TreeReader.describe(value), "write equals: \"gold\"");
        return null;
    }

    private static String regex(TreeReader reader, JsonNode value, String pointer) {
        String regex = reader.string(value, pointer, "regex", "quote it: regex: \"^gold$\"");
        if (regex == null) {
            return null;
        }
        try {
            Pattern.compile(regex);
            return regex;
        } catch (PatternSyntaxException e) {
            reader.error(pointer, "regex '" + regex + "' does not compile: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), "write a Java regular expression (quote it in YAML)");
            return null;
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
