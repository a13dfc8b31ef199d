package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Bandwidth;
import io.outpost.toolkit.validate.Suggestions;
import io.outpost.toolkit.validate.TreeReader;
import java.util.Set;

/**
 * The limit of a tier, a condition group or a custom policy: {@code count} requests and/or
 * {@code dataAmount} {@code dataUnit} per window of {@code unitTime} {@code timeUnit}.
 */
final class LimitReader {
    static final Set<String> KEYS = Set.of("count", "unitTime", "timeUnit", "dataAmount", "dataUnit");
    static final String UNITS = "sec, min, hour, day, week, month or year";

    /** A limit read whole: every field valid. */
    record Limit(Long count, long unitTime, String timeUnit, Bandwidth bandwidth) {}

    private LimitReader() {}

    /** @param what "tier 'Gold'", "condition group 2 of tier 'Gold'", … for messages */
    static Limit read(TreeReader reader, JsonNode body, String pointer, String what) {
        boolean ok = true;
        Long count = null;
        if (body.has("count")) {
            count = positive(reader, body, pointer, "count", what);
            ok = count != null;
        }
        Bandwidth bandwidth = null;
        if (body.has("dataAmount") || body.has("dataUnit")) {
            bandwidth = bandwidth(reader, body, pointer, what);
            ok &= bandwidth != null;
        }
        if (!body.has("count") && !body.has("dataAmount") && !body.has("dataUnit")) {
            reader.error(pointer, what + " has no count and no dataAmount: it limits nothing",
                    "add 'count: 10' (requests per window), or 'dataAmount: 100' with 'dataUnit: MB' (bytes per window), or both");
            ok = false;
        }
        Long unitTime = body.has("unitTime") ? positive(reader, body, pointer, "unitTime", what) : missing(reader, pointer, what, "unitTime: 1");
        String timeUnit = timeUnit(reader, body, pointer, what);
        if (!ok || unitTime == null || timeUnit == null) {
            return null;
        }
        try {
            ThrottlePolicies.windowMillis(unitTime, timeUnit);
        } catch (ArithmeticException e) {
            reader.error(pointer + "/unitTime", "a window of " + unitTime + " " + timeUnit + " is too long to count", "use a smaller unitTime");
            return null;
        }
        return new Limit(count, unitTime, timeUnit, bandwidth);
    }

    private static Long missing(TreeReader reader, String pointer, String what, String example) {
        String key = example.substring(0, example.indexOf(':'));
        reader.error(pointer, what + " has no " + key, "add '" + example + "'");
        return null;
    }

    static String timeUnit(TreeReader reader, JsonNode body, String pointer, String what) {
        JsonNode unit = body.get("timeUnit");
        if (unit == null) {
            reader.error(pointer, what + " has no timeUnit", "add 'timeUnit: min' (" + UNITS + ")");
            return null;
        }
        return oneOf(reader, unit, pointer + "/timeUnit", "timeUnit", ThrottlePolicies.TIME_UNIT_MILLIS.keySet(), UNITS);
    }

    /** A string of {@code allowed}, else an error with the closest one. */
    static String oneOf(TreeReader reader, JsonNode value, String pointer, String key, Set<String> allowed, String list) {
        String text = reader.string(value, pointer, key, "one of " + list);
        if (text != null && !allowed.contains(text)) {
            reader.error(pointer, "unknown " + key + " '" + text + "'", Suggestions.closest(text, allowed)
                    .map(k -> "did you mean '" + k + "'? (" + list + ")").orElse("use " + list));
            return null;
        }
        return text;
    }

    private static Bandwidth bandwidth(TreeReader reader, JsonNode body, String pointer, String what) {
        if (!body.has("dataAmount") || !body.has("dataUnit")) {
            String has = body.has("dataAmount") ? "dataAmount" : "dataUnit";
            reader.error(pointer + "/" + has, what + " has " + has + " without " + (has.equals("dataAmount") ? "dataUnit" : "dataAmount"),
                    "give both, e.g. 'dataAmount: 100' and 'dataUnit: MB' (KB, MB or GB; 1 KB = 1024 bytes)");
            return null;
        }
        Long amount = positive(reader, body, pointer, "dataAmount", what);
        String unit = oneOf(reader, body.get("dataUnit"), pointer + "/dataUnit", "dataUnit",
                ThrottlePolicies.DATA_UNIT_BYTES.keySet(), "KB, MB or GB");
        if (amount == null || unit == null) {
            return null;
        }
        Bandwidth bandwidth = new Bandwidth(amount, unit);
        try {
            bandwidth.bytes();
        } catch (ArithmeticException e) {
            reader.error(pointer + "/dataAmount", amount + " " + unit + " is more bytes than can be counted", "use a smaller dataAmount");
            return null;
        }
        return bandwidth;
    }

    static Long positive(TreeReader reader, JsonNode body, String pointer, String key, String what) {
        JsonNode value = body.get(key);
        if (value == null) {
            return missing(reader, pointer, what, key + ": 1");
        }
        Long n = reader.nonNegativeLong(value, pointer + "/" + key, key);
        if (n != null && n == 0) {
            reader.error(pointer + "/" + key, key + " must be above 0", null);
            return null;
        }
        return n;
    }
}
