package io.outpost.toolkit.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.model.ThrottlePolicies;
import io.outpost.common.model.ThrottlePolicies.Burst;
import io.outpost.common.yaml.YamlDocument;
import io.outpost.toolkit.validate.TreeReader;
import java.util.Set;

/** {@code burst: {count, timeUnit: sec | min}} of a tier: WSO2's burst control (spike arrest). */
final class BurstReader {
    private static final Set<String> KEYS = Set.of("count", "timeUnit");
    private static final Set<String> UNITS = Set.of("sec", "min");
    private static final String EXAMPLE = "burst: {count: 10, timeUnit: sec}";

    private BurstReader() {}

    /** @param limit the tier's own limit, or null if it did not read: to warn about a burst that never binds */
    static Burst read(TreeReader reader, JsonNode body, String pointer, String tier, LimitReader.Limit limit) {
        String what = "burst of " + tier;
        if (!reader.isObject(body, pointer, what, "write " + EXAMPLE)) {
            return null;
        }
        reader.rejectUnknownKeys(body, pointer, KEYS, what);
        Long count = LimitReader.positive(reader, body, pointer, "count", what);
        String unit = body.has("timeUnit")
                ? LimitReader.oneOf(reader, body.get("timeUnit"), YamlDocument.child(pointer, "timeUnit"), "timeUnit", UNITS, "sec or min")
                : null;
        if (!body.has("timeUnit")) {
            reader.error(pointer, what + " has no timeUnit", "write " + EXAMPLE + " (sec or min)");
        }
        if (count == null || unit == null) {
            return null;
        }
        Burst burst = new Burst(count, unit);
        if (limit != null && limit.count() != null && count >= limit.count()
                && burst.windowMillis() <= ThrottlePolicies.windowMillis(limit.unitTime(), limit.timeUnit())) {
            reader.warning(YamlDocument.child(pointer, "count"), "burst control never binds: " + tier + " admits at most "
                    + limit.count() + " requests per window anyway", "lower burst's count below " + limit.count() + ", or remove burst");
        }
        return burst;
    }
}
