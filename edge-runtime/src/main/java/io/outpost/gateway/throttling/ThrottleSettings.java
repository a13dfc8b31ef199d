package io.outpost.gateway.throttling;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.throttling.blocking.BlockingSettings;
import java.util.Map;
import java.util.Set;

/**
 * {@code throttling} in gateway.yaml: how the artifact's tiers are enforced on this device
 * (docs/throttling.md). The tiers themselves come with the artifact (policies.yaml).
 *
 * @param enabled             false: no tier is enforced (blocking conditions still are)
 * @param maxKeysPerPolicy    keys counted exactly per policy; beyond, approximately (never a fresh allowance)
 * @param snapshotSeconds     how often counters of windows of a minute or longer are saved to the state
 *                            directory (a kill -9 can give back at most this much of a quota); 0 = never
 * @param fieldsOnEveryResponse RateLimit fields on every throttled response, not only on refusals
 * @param perAddress          the limit per client address before authentication, or null for none
 * @param blocking            blocking conditions of gateway.yaml (the blocking bundle adds to them)
 */
public record ThrottleSettings(boolean enabled, int maxKeysPerPolicy, long snapshotSeconds, boolean fieldsOnEveryResponse,
                               PerAddress perAddress, BlockingSettings blocking) {
    public static final ThrottleSettings DEFAULT = new ThrottleSettings(true, 10_000, 60, true, null, BlockingSettings.NONE);

    /** At most {@code count} requests per {@code windowMillis} from one client address (an IPv6 client: its /64). */
    public record PerAddress(long count, long windowMillis) {}

    private static final Map<String, Long> UNITS = Map.of("sec", 1_000L, "min", 60_000L, "hour", 3_600_000L,
            "day", 86_400_000L);

    public static ThrottleSettings read(ConfigReader r, String at, JsonNode root) {
        JsonNode node = r.object(at, root, "throttling");
        if (node == null) {
            return DEFAULT;
        }
        String here = at + "/throttling";
        r.known(here, node, Set.of("enabled", "maxKeysPerPolicy", "snapshotIntervalSeconds", "rateLimitFields",
                "perAddress", "blocking"));
        String fields = r.text(here, node, "rateLimitFields", "always");
        if (!fields.equals("always") && !fields.equals("refusals")) {
            r.problem(here + "/rateLimitFields", "must be 'always' (every throttled response) or 'refusals' (429s only)");
        }
        return new ThrottleSettings(r.bool(here, node, "enabled", true),
                (int) r.number(here, node, "maxKeysPerPolicy", 100, 10_000_000, DEFAULT.maxKeysPerPolicy()),
                r.number(here, node, "snapshotIntervalSeconds", 0, 86_400, DEFAULT.snapshotSeconds()),
                !fields.equals("refusals"), perAddress(r, here, r.object(here, node, "perAddress")),
                BlockingSettings.read(r, here, node));
    }

    private static PerAddress perAddress(ConfigReader r, String at, JsonNode node) {
        if (node == null) {
            return null;
        }
        String here = at + "/perAddress";
        r.known(here, node, Set.of("count", "unitTime", "timeUnit"));
        if (node.get("count") == null) {
            r.problem(here, "needs 'count' (requests per window), e.g. perAddress: {count: 50, unitTime: 1, timeUnit: sec}");
            return null;
        }
        long count = r.number(here, node, "count", 1, Integer.MAX_VALUE, 1);
        long unitTime = r.number(here, node, "unitTime", 1, 1_000_000, 1);
        String unit = r.text(here, node, "timeUnit", "sec");
        Long millis = UNITS.get(unit);
        if (millis == null) {
            r.problem(here + "/timeUnit", "must be sec, min, hour or day (got '" + unit + "')");
            return null;
        }
        return new PerAddress(count, unitTime * millis);
    }
}
