package io.outpost.gateway.throttling.blocking;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.bundle.content.Blocking;
import io.outpost.common.bundle.content.IpRange;
import io.outpost.common.yaml.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code throttling.blocking} in gateway.yaml: the provisioned blocking conditions, the baseline a
 * {@code blocking} bundle adds to (docs/throttling.md, "Blocking conditions"). The same four lists
 * and the same checks as the bundle's content ({@link Blocking}), reported at their line.
 */
public record BlockingSettings(Blocking conditions) {
    public static final BlockingSettings NONE = new BlockingSettings(Blocking.NONE);

    /**
     * Reads {@code blocking} of the {@code throttling} mapping at {@code at} (null when gateway.yaml
     * has none), reporting every problem to the reader.
     */
    public static BlockingSettings read(ConfigReader r, String at, JsonNode throttling) {
        JsonNode node = throttling == null ? null : r.object(at, throttling, "blocking");
        if (node == null) {
            return NONE;
        }
        String here = at + "/blocking";
        r.known(here, node, Blocking.FIELDS);
        Blocking conditions = new Blocking(each(r, here, node, "ips", IpRange::parse), each(r, here, node, "applications", t -> t),
                each(r, here, node, "users", t -> t), each(r, here, node, "apis", Blocking::api));
        return conditions.isEmpty() ? NONE : new BlockingSettings(conditions);
    }

    /** A list of strings, each read by {@code read}, whose IllegalArgumentException is the problem of that item. */
    private static <T> List<T> each(ConfigReader r, String at, JsonNode parent, String key, Function<String, T> read) {
        JsonNode list = parent.get(key);
        String here = at + "/" + key;
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            r.problem(here, "must be a list, e.g. " + key + ": [" + example(key) + "]");
            return List.of();
        }
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                r.problem(here + "/" + i, "must be a non-empty string (got " + item + ")"
                        + (item.isNumber() ? "; quote it: \"" + item.asText() + "\"" : ""));
                continue;
            }
            try {
                out.add(read.apply(item.asText()));
            } catch (IllegalArgumentException e) {
                r.problem(here + "/" + i, e.getMessage());
            }
        }
        return out;
    }

    private static String example(String key) {
        return switch (key) {
            case "ips" -> "192.0.2.7, 198.51.100.0/24, \"2001:db8::/32\"";
            case "applications" -> "\"42\"";
            case "users" -> "mallory";
            default -> "/petstore/v1";
        };
    }
}
