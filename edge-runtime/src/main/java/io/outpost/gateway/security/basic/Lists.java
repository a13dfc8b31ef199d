package io.outpost.gateway.security.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/** A list of non-empty strings in gateway.yaml (scopes, API names), read as the other values are. */
final class Lists {
    private Lists() {}

    /** The strings under {@code key}, empty when absent; {@code what} names them in a problem. */
    static List<String> strings(ConfigReader r, String at, JsonNode parent, String key, String what) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        String here = at + "/" + key;
        if (!node.isArray()) {
            r.problem(here, "must be a list of " + what);
            return List.of();
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                r.problem(here + "/" + i, "must be one of the " + what);
                continue;
            }
            out.add(item.asText());
        }
        return List.copyOf(out);
    }
}
